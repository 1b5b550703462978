package io.digitstream.classifier.metrics;

import io.digitstream.metrics.PairedAccuracyDifference;
import io.digitstream.schemas.ModelComparison;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Champion and challenger on the same images of a window: how often they agree and, on labeled images, the 2x2
 * table of who was right, from which both accuracies and the paired interval on their difference are derived. One
 * pair of versions ({@link WindowCounts} keeps the pairs of a window apart).
 */
final class ComparisonCounts {

    private final String championVersion;
    private final String challengerVersion;
    private long compared;
    private long agreed;
    private long labeled;
    private long bothCorrect;
    private long championOnly;
    private long challengerOnly;

    ComparisonCounts(String championVersion, String challengerVersion) {
        this.championVersion = championVersion;
        this.challengerVersion = challengerVersion;
    }

    boolean counts(ModelPair pair) {
        return pair.championVersion().equals(championVersion) && pair.challengerVersion().equals(challengerVersion);
    }

    void add(Observation o) {
        ModelPair pair = o.pair();
        compared++;
        if (pair.agree()) {
            agreed++;
        }
        if (o.isLabeled()) {
            labeled++;
            boolean champion = pair.championDigit() == o.label();
            boolean challenger = pair.challengerDigit() == o.label();
            if (champion && challenger) {
                bothCorrect++;
            } else if (champion) {
                championOnly++;
            } else if (challenger) {
                challengerOnly++;
            }
        }
    }

    ModelComparison snapshot() {
        PairedAccuracyDifference difference = PairedAccuracyDifference.of(championOnly, challengerOnly, labeled);
        long championCorrect = bothCorrect + championOnly;
        long challengerCorrect = bothCorrect + challengerOnly;
        return ModelComparison.newBuilder()
                .setChampionVersion(championVersion)
                .setChallengerVersion(challengerVersion)
                .setCompared(compared)
                .setAgreed(agreed)
                .setAgreement(compared == 0 ? 0 : (double) agreed / compared)
                .setLabeled(labeled)
                .setChampionCorrect(championCorrect)
                .setChallengerCorrect(challengerCorrect)
                .setChampionOnlyCorrect(championOnly)
                .setChallengerOnlyCorrect(challengerOnly)
                .setChampionAccuracy(labeled == 0 ? 0 : (double) championCorrect / labeled)
                .setChallengerAccuracy(labeled == 0 ? 0 : (double) challengerCorrect / labeled)
                .setAccuracyDifference(difference.difference())
                .setDifferenceLow(difference.low())
                .setDifferenceHigh(difference.high())
                .build();
    }

    static void write(DataOutputStream out, ComparisonCounts c) throws IOException {
        BinarySerde.writeString(out, c.championVersion);
        BinarySerde.writeString(out, c.challengerVersion);
        BinarySerde.writeLongs(out, new long[] {c.compared, c.agreed, c.labeled, c.bothCorrect, c.championOnly,
                c.challengerOnly});
    }

    static ComparisonCounts read(DataInputStream in) throws IOException {
        ComparisonCounts c = new ComparisonCounts(BinarySerde.readString(in), BinarySerde.readString(in));
        c.compared = in.readLong();
        c.agreed = in.readLong();
        c.labeled = in.readLong();
        c.bothCorrect = in.readLong();
        c.championOnly = in.readLong();
        c.challengerOnly = in.readLong();
        return c;
    }
}
