package xyz.scaledown.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

import xyz.scaledown.bench.SizeResults;
import xyz.scaledown.bench.VariantKind;
import xyz.scaledown.bench.VariantResult;

/**
 * Draws two panels against the number of items (log scale): output-phase items/s (and the component end to end),
 * and the live heap of the output phase, for baselines A and B and the component. Java2D, headless.
 */
public final class ThroughputHeapChart {

    private static final int WIDTH = 1460;
    private static final int HEIGHT = 620;
    private static final int PANEL_WIDTH = 600;
    private static final int PANEL_HEIGHT = 430;
    private static final int TOP = 90;

    private final List<SizeResults> sizes;

    public ThroughputHeapChart(List<SizeResults> sizes) {
        this.sizes = sizes;
    }

    /** One line of a panel. */
    private record Series(String label, Color color, boolean dashed, VariantKind kind,
                          ToDoubleFunction<VariantResult> value) {
    }

    public void write(Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString("camel-scaledown benchmark: throughput and heap against result items", 90, 35);

        Color a = new Color(0x1f77b4);
        Color b = new Color(0xd62728);
        Color component = new Color(0x2ca02c);
        Color peerC = new Color(0xff7f0e);
        Color warm = new Color(0x9467bd);
        panel(g, 90, "Throughput (items/s)", "items/s", List.of(
                new Series("A output (streamed)", a, false, VariantKind.BASELINE_A, VariantResult::outputItemsPerSecond),
                new Series("B output (in memory)", b, false, VariantKind.BASELINE_B, VariantResult::outputItemsPerSecond),
                new Series("component output", component, false, VariantKind.COMPONENT_OUTPUT,
                        VariantResult::outputItemsPerSecond),
                new Series("A end to end", a, true, VariantKind.BASELINE_A, VariantResult::itemsPerSecond),
                new Series("component end to end, cold", component, true, VariantKind.COMPONENT,
                        VariantResult::itemsPerSecond),
                new Series("component end to end, warm", warm, true, VariantKind.COMPONENT_WARM,
                        VariantResult::itemsPerSecond),
                new Series("C end to end (provider, Python)", peerC, true, VariantKind.PEER_C,
                        VariantResult::itemsPerSecond)));
        panel(g, 790, "Peak live heap in the output phase (MB)", "MB", List.of(
                new Series("A (streamed)", a, false, VariantKind.BASELINE_A, r -> r.outputLiveHeap() / 1048576.0),
                new Series("B (in memory)", b, false, VariantKind.BASELINE_B, r -> r.outputLiveHeap() / 1048576.0),
                new Series("component output", component, false, VariantKind.COMPONENT_OUTPUT,
                        r -> r.outputLiveHeap() / 1048576.0)));
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private void panel(Graphics2D g, int left, String title, String unit, List<Series> series) {
        int bottom = TOP + PANEL_HEIGHT;
        double maxY = 0;
        for (Series s : series) {
            for (SizeResults size : sizes) {
                if (size.get(s.kind()) != null) {
                    maxY = Math.max(maxY, s.value().applyAsDouble(size.get(s.kind())));
                }
            }
        }
        maxY = niceCeiling(maxY);
        double minLog = Math.log10(sizes.get(0).size());
        double maxLog = Math.log10(sizes.get(sizes.size() - 1).size());
        if (maxLog - minLog < 1e-9) {
            minLog -= 0.5;
            maxLog += 0.5;
        }

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, left, TOP - 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int tick = 0; tick <= 5; tick++) {
            double value = maxY * tick / 5;
            int y = bottom - (int) (PANEL_HEIGHT * tick / 5.0);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, left + PANEL_WIDTH, y);
            g.setColor(Color.BLACK);
            String label = String.format(Locale.ROOT, "%,.0f", value);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 5);
        }
        for (double decade = Math.ceil(minLog); decade <= maxLog + 1e-9; decade++) {
            int x = left + (int) (PANEL_WIDTH * (decade - minLog) / (maxLog - minLog));
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, TOP, x, bottom);
            g.setColor(Color.BLACK);
            String label = String.format(Locale.ROOT, "%,.0f", Math.pow(10, decade));
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, bottom + 20);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, TOP, PANEL_WIDTH, PANEL_HEIGHT);
        String xLabel = "result items (log scale)";
        g.drawString(xLabel, left + PANEL_WIDTH / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, bottom + 42);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(unit, -(TOP + PANEL_HEIGHT / 2), left - 70);
        rotated.dispose();

        int legendY = TOP + 20;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(s.dashed() ? new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {8f, 6f}, 0f) : new BasicStroke(2.5f));
            int previousX = -1;
            int previousY = -1;
            for (SizeResults size : sizes) {
                if (size.get(s.kind()) == null) {
                    continue;
                }
                double value = s.value().applyAsDouble(size.get(s.kind()));
                int x = left + (int) (PANEL_WIDTH * (Math.log10(size.size()) - minLog) / (maxLog - minLog));
                int y = bottom - (int) (PANEL_HEIGHT * value / maxY);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
            g.drawLine(left + PANEL_WIDTH - 230, legendY - 5, left + PANEL_WIDTH - 195, legendY - 5);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.BLACK);
            g.drawString(s.label(), left + PANEL_WIDTH - 188, legendY);
            legendY += 20;
        }
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * magnitude >= value * 1.05) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
