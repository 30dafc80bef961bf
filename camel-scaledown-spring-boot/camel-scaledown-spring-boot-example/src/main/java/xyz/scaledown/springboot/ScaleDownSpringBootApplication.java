package xyz.scaledown.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application with a files pipeline through ScaleDown. The component is configured only by
 * {@code camel.component.scaledown.*} in application.properties; the key comes from {@code SCALEDOWN_API_KEY}.
 */
@SpringBootApplication
public class ScaleDownSpringBootApplication {

    public static void main(String[] args) {
        SpringApplication.run(ScaleDownSpringBootApplication.class, args);
    }
}
