package xyz.scaledown.camel.springboot;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

import xyz.scaledown.camel.ScaleDownComponent;

/**
 * Configures the {@code scaledown} component from {@code camel.component.scaledown.*}, as Camel's own starters do for
 * theirs: a component customizer, switched off with {@code camel.component.scaledown.enabled=false},
 * {@code camel.component.customizer.enabled=false} or {@code camel.component.scaledown.customizer.enabled=false}.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@ConditionalOnBean(CamelContext.class)
public class ScaleDownComponentAutoConfiguration {

    @Lazy
    @Bean
    public ComponentCustomizer configureScaleDownComponent(Environment environment) {
        ScaleDownComponentProperties properties = new ScaleDownComponentProperties(environment);
        return ComponentCustomizer.builder(ScaleDownComponent.class)
                .withCondition((name, component) -> "scaledown".equals(name)
                        && environment.getProperty(ScaleDownComponentProperties.PREFIX + ".enabled", Boolean.class, true)
                        && HierarchicalPropertiesEvaluator.evaluate(environment, "camel.component.customizer",
                                ScaleDownComponentProperties.PREFIX + ".customizer"))
                .build(properties::applyTo);
    }
}
