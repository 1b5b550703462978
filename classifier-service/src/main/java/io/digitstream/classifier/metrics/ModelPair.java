package io.digitstream.classifier.metrics;

import io.digitstream.schemas.ComparedPrediction;
import io.digitstream.schemas.Prediction;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The champion's and the challenger's answers for one image, from a prediction that names the other model's
 * ({@link Prediction#getCompared}), whichever of the two was the output. Versions are bounded like sources.
 */
public record ModelPair(String championVersion, String challengerVersion, int championDigit, int challengerDigit) {

    public ModelPair {
        championVersion = MetricsText.source(championVersion);
        challengerVersion = MetricsText.source(challengerVersion);
        if (championDigit < 0 || championDigit > 9 || challengerDigit < 0 || challengerDigit > 9) {
            throw new IllegalArgumentException("digits " + championDigit + " and " + challengerDigit + " must be 0..9");
        }
    }

    /** The pair of {@code p}, or null when it was classified without a challenger. */
    public static ModelPair of(Prediction p) {
        ComparedPrediction other = p.getCompared();
        if (other == null) {
            return null;
        }
        return other.getChallenger()
                ? new ModelPair(p.getModelVersion(), other.getModelVersion(), p.getDigit(), other.getDigit())
                : new ModelPair(other.getModelVersion(), p.getModelVersion(), other.getDigit(), p.getDigit());
    }

    public boolean agree() {
        return championDigit == challengerDigit;
    }

    public boolean sameVersions(ModelPair other) {
        return championVersion.equals(other.championVersion) && challengerVersion.equals(other.challengerVersion);
    }

    /** Writes a presence byte, then the pair. */
    static void write(DataOutputStream out, ModelPair pair) throws IOException {
        out.writeBoolean(pair != null);
        if (pair != null) {
            BinarySerde.writeString(out, pair.championVersion);
            BinarySerde.writeString(out, pair.challengerVersion);
            out.writeByte(pair.championDigit);
            out.writeByte(pair.challengerDigit);
        }
    }

    static ModelPair read(DataInputStream in) throws IOException {
        return in.readBoolean() ? new ModelPair(BinarySerde.readString(in), BinarySerde.readString(in), in.readByte(),
                in.readByte()) : null;
    }
}
