package io.digitstream.robustness;

import io.digitstream.synthetic.SyntheticImage;

/** The images of one independent evaluation set, generated on demand: the same index always gives the same bytes. */
public interface EvaluationImages {

    int count();

    /** Thread-safe: images are generated in parallel. */
    SyntheticImage image(int index);
}
