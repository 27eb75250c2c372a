package io.github.leakybucket.benchmarks;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Issue 17's charts side by side: p50 latency under an injected round trip, and requests per decision of several JVMs
 * on one hot bucket; both on a logarithmic axis, since Bucket4j's figures on a hot bucket are an order of magnitude
 * apart from ours.
 */
final class ProductionChart {

	private static final int WIDTH = 760;

	private static final int HEIGHT = 520;

	private static final Color OURS = new Color(31, 90, 180);

	private static final Color RESERVE = new Color(120, 170, 230);

	private static final Color BUCKET4J = new Color(220, 110, 20);

	private static final Color RAW = new Color(90, 90, 90);

	private final Optional<RoundTripSection> roundTrip;

	private final Optional<MultiJvmSection> jvms;

	ProductionChart(Results results) {
		this.roundTrip = results.section(RoundTripSection.class);
		this.jvms = results.section(MultiJvmSection.class);
	}

	boolean hasData() {
		return this.roundTrip.isPresent() || this.jvms.isPresent();
	}

	void write(Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		List<BufferedImage> panels = new ArrayList<>();
		this.roundTrip.ifPresent((section) -> panels.add(BitmapEncoder.getBufferedImage(roundTripChart(section))));
		this.jvms.ifPresent((section) -> panels.add(BitmapEncoder.getBufferedImage(jvmsChart(section))));
		BufferedImage combined = new BufferedImage(WIDTH * panels.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = combined.createGraphics();
		graphics.setColor(Color.WHITE);
		graphics.fillRect(0, 0, combined.getWidth(), HEIGHT);
		for (int i = 0; i < panels.size(); i++) {
			graphics.drawImage(panels.get(i), WIDTH * i, 0, null);
		}
		graphics.dispose();
		ImageIO.write(combined, "png", file.toFile());
	}

	private static CategoryChart roundTripChart(RoundTripSection section) {
		CategoryChart chart = chart("p50 latency with an injected round trip (" + RoundTripSection.THREADS
				+ " threads)", "round trip, buckets", "p50 ms (log)", 0.1);
		List<String> groups = new ArrayList<>();
		for (Duration roundTrip : RoundTripSection.ROUND_TRIPS) {
			for (int keys : RoundTripSection.KEYS) {
				groups.add(roundTrip.toMillis() + " ms, " + ((keys == 1) ? "1 bucket" : keys + " buckets"));
			}
		}
		String[] scenarios = { Benchmarks.RAW, Benchmarks.OURS, Benchmarks.BUCKET4J };
		for (String scenario : scenarios) {
			List<Double> values = new ArrayList<>();
			for (Duration roundTrip : RoundTripSection.ROUND_TRIPS) {
				for (int keys : RoundTripSection.KEYS) {
					values.add(section.row(roundTrip, scenario, keys).map((row) -> row.run().p50Millis()).orElse(0.01));
				}
			}
			chart.addSeries(scenario, groups, values);
		}
		chart.getStyler().setSeriesColors(new Color[] { RAW, OURS, BUCKET4J });
		return chart;
	}

	private static CategoryChart jvmsChart(MultiJvmSection section) {
		CategoryChart chart = chart(
				MultiJvmSection.JVMS + " JVMs x " + MultiJvmSection.THREADS + " threads, one hot bucket, "
						+ MultiJvmSection.ROUND_TRIP.toMillis() + " ms round trip",
				"bucket", "DynamoDB requests per decision (log)", 0.001);
		List<String> loads = List.of("open", "saturated");
		String[] scenarios = { Benchmarks.OURS, Benchmarks.OURS_RESERVE, Benchmarks.BUCKET4J };
		for (String scenario : scenarios) {
			List<Double> values = new ArrayList<>();
			for (String load : loads) {
				values.add(section.row(load, scenario).map((row) -> row.run().requestsPerDecision()).orElse(0.0011));
			}
			chart.addSeries(scenario, loads, values);
		}
		chart.getStyler().setSeriesColors(new Color[] { OURS, RESERVE, BUCKET4J });
		return chart;
	}

	private static CategoryChart chart(String title, String xAxis, String yAxis, double floor) {
		CategoryChart chart = new CategoryChartBuilder().width(WIDTH)
			.height(HEIGHT)
			.title(title)
			.xAxisTitle(xAxis)
			.yAxisTitle(yAxis)
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
		chart.getStyler().setChartBackgroundColor(Color.WHITE);
		chart.getStyler().setYAxisLogarithmic(true);
		// Bars start at the axis minimum, which must be above zero on a logarithmic axis.
		chart.getStyler().setYAxisMin(floor);
		return chart;
	}

}
