package io.digitstream.cli.bench;

import io.digitstream.model.image.GrayImage;
import io.digitstream.model.image.ImageLimits;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.model.image.Preprocessing;
import io.digitstream.model.image.RejectedImageException;
import io.digitstream.schemas.DigitImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-record image path's cost on one thread, per dataset: decode, polarity + denoise stage + MNIST
 * normalization (what the stream runs), and polarity + normalization only. The images are generated and
 * decoded once before any timing; each measurement is warmed up, then repeated, and the best round counts
 * (least disturbed by the rest of the box), as in {@link EngineBenchmark}.
 */
public final class StageBenchmark {

    /** Microseconds per image of one dataset; best and median round. */
    public record Result(String dataset, int images, int rejected, double decodeMicros, double stageMicros,
            double normalizeOnlyMicros, double stageMedianMicros) {
    }

    private final ImagePipeline pipeline = new ImagePipeline(ImageLimits.DEFAULT);
    private final int rounds;
    private final int warmupRounds;
    /** Keeps the JIT from dropping work whose result is unused. */
    private double sink;

    public StageBenchmark(int rounds, int warmupRounds) {
        this.rounds = rounds;
        this.warmupRounds = warmupRounds;
    }

    public Result run(String dataset, List<DigitImage> records) throws RejectedImageException {
        List<GrayImage> decoded = new ArrayList<>(records.size());
        for (DigitImage record : records) {
            decoded.add(pipeline.decode(record));
        }
        int[] rejected = new int[1];
        double[] decode = time(records.size(), () -> {
            for (DigitImage record : records) {
                sink += pipeline.decode(record).width();
            }
        });
        double[] stage = time(decoded.size(), () -> rejected[0] = normalizeAll(decoded, Preprocessing.DENOISE));
        double[] normalizeOnly = time(decoded.size(), () -> normalizeAll(decoded, Preprocessing.NORMALIZE_ONLY));
        return new Result(dataset, records.size(), rejected[0], decode[0], stage[0], normalizeOnly[0], stage[1]);
    }

    private int normalizeAll(List<GrayImage> images, Preprocessing preprocessing) {
        int rejected = 0;
        for (GrayImage image : images) {
            try {
                sink += ImagePipeline.normalize(image, preprocessing)[400];
            } catch (RejectedImageException e) {
                rejected++; // a blank image costs its work too; it is counted, not excluded
            }
        }
        return rejected;
    }

    private interface Pass {
        void run() throws RejectedImageException;
    }

    /** {best, median} microseconds per image over the timed rounds, after the warm-up rounds. */
    private double[] time(int images, Pass pass) throws RejectedImageException {
        for (int i = 0; i < warmupRounds; i++) {
            pass.run();
        }
        List<Double> micros = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            pass.run();
            micros.add((System.nanoTime() - start) / 1e3 / images);
        }
        List<Double> sorted = micros.stream().sorted().toList();
        return new double[] {sorted.get(0), sorted.get(sorted.size() / 2)};
    }

    /** Runs every dataset, prints a table to stderr as it goes, and returns the JSON summary. */
    public Map<String, Object> runAll(Map<String, List<DigitImage>> datasets) throws RejectedImageException {
        List<Result> results = new ArrayList<>();
        System.err.printf("%-16s %7s %9s %12s %12s %16s%n", "dataset", "images", "rejected", "decode us", "stage us",
                "normalize-only us");
        for (Map.Entry<String, List<DigitImage>> dataset : datasets.entrySet()) {
            Result result = run(dataset.getKey(), dataset.getValue());
            results.add(result);
            System.err.printf("%-16s %7d %9d %12.1f %12.1f %16.1f%n", result.dataset(), result.images(), result.rejected(),
                    result.decodeMicros(), result.stageMicros(), result.normalizeOnlyMicros());
        }
        Map<String, Object> stage = new LinkedHashMap<>();
        Map<String, Object> stageMedian = new LinkedHashMap<>();
        Map<String, Object> normalizeOnly = new LinkedHashMap<>();
        Map<String, Object> decode = new LinkedHashMap<>();
        Map<String, Object> rejected = new LinkedHashMap<>();
        for (Result result : results) {
            stage.put(result.dataset(), round(result.stageMicros()));
            stageMedian.put(result.dataset(), round(result.stageMedianMicros()));
            normalizeOnly.put(result.dataset(), round(result.normalizeOnlyMicros()));
            decode.put(result.dataset(), round(result.decodeMicros()));
            rejected.put(result.dataset(), result.rejected());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stageMicrosPerImage", stage);
        json.put("normalizeOnlyMicrosPerImage", normalizeOnly);
        json.put("decodeMicrosPerImage", decode);
        json.put("stageMedianMicrosPerImage", stageMedian);
        json.put("rejected", rejected);
        json.put("images", results.isEmpty() ? 0 : results.get(0).images());
        json.put("rounds", rounds);
        json.put("warmupRounds", warmupRounds);
        json.put("threads", 1);
        json.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        json.put("systemLoadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        json.put("targetMicrosPerImage", 200);
        return json;
    }

    private static double round(double micros) {
        return Math.round(micros * 100) / 100.0;
    }
}
