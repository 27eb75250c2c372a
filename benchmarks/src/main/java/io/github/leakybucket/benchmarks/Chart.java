package io.github.leakybucket.benchmarks;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Two bar charts side by side: decisions per second and DynamoDB requests per decision, by thread count.
 */
final class Chart {

	private static final int WIDTH = 760;

	private static final int HEIGHT = 520;

	private final Results results;

	Chart(Results results) {
		this.results = results;
	}

	void write(Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		BufferedImage throughput = BitmapEncoder
			.getBufferedImage(chart("Decisions per second (closed loop)", "decisions/s", Run::perSecond, true));
		BufferedImage requests = BitmapEncoder.getBufferedImage(
				chart("DynamoDB requests per decision", "requests/decision", Run::requestsPerDecision, false));
		BufferedImage combined = new BufferedImage(WIDTH * 2, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = combined.createGraphics();
		graphics.setColor(Color.WHITE);
		graphics.fillRect(0, 0, WIDTH * 2, HEIGHT);
		graphics.drawImage(throughput, 0, 0, null);
		graphics.drawImage(requests, WIDTH, 0, null);
		graphics.dispose();
		ImageIO.write(combined, "png", file.toFile());
	}

	private CategoryChart chart(String title, String yAxis, ToDoubleFunction<Run> value, boolean withRaw) {
		CategoryChart chart = new CategoryChartBuilder().width(WIDTH)
			.height(HEIGHT)
			.title(title)
			.xAxisTitle("threads")
			.yAxisTitle(yAxis)
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
		chart.getStyler().setChartBackgroundColor(Color.WHITE);
		List<String> threads = new ArrayList<>();
		for (int count : Benchmarks.THREADS) {
			threads.add(Integer.toString(count));
		}
		List<String> scenarios = new ArrayList<>(List.of(Benchmarks.OURS, Benchmarks.BUCKET4J));
		if (withRaw) {
			scenarios.add(0, Benchmarks.RAW);
		}
		List<Color> colors = new ArrayList<>();
		for (int keys : Benchmarks.KEYS) {
			for (String scenario : scenarios) {
				colors.add(colorOf(scenario, keys));
				List<Double> values = new ArrayList<>();
				for (int count : Benchmarks.THREADS) {
					values.add(this.results.closedLoop(scenario, count, keys).map(value::applyAsDouble).orElse(0.0));
				}
				chart.addSeries(scenario + ((keys == 1) ? ", 1 bucket" : ", " + keys + " buckets"), threads, values);
			}
		}
		chart.getStyler().setSeriesColors(colors.toArray(Color[]::new));
		return chart;
	}

	/**
	 * The same colour for a series in both charts: blue for ours, orange for Bucket4j, grey for raw requests,
	 * lighter for 1,000 buckets.
	 */
	private static Color colorOf(String scenario, int keys) {
		boolean hot = keys == 1;
		if (scenario.equals(Benchmarks.OURS)) {
			return hot ? new Color(31, 90, 180) : new Color(120, 170, 230);
		}
		if (scenario.equals(Benchmarks.BUCKET4J)) {
			return hot ? new Color(220, 110, 20) : new Color(245, 185, 120);
		}
		return hot ? new Color(90, 90, 90) : new Color(175, 175, 175);
	}

}
