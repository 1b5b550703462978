package io.digitstream.mnist;

/** The four files of the original MNIST distribution, with the MD5 of each uncompressed file. */
public enum MnistFile {
    TRAIN_IMAGES("train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb"),
    TRAIN_LABELS("train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624"),
    TEST_IMAGES("t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea"),
    TEST_LABELS("t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637");

    private final String fileName;
    private final String md5;

    MnistFile(String fileName, String md5) {
        this.fileName = fileName;
        this.md5 = md5;
    }

    /** The name without {@code .gz}, as the file is kept in the cache. */
    public String fileName() {
        return fileName;
    }

    /** Lower-case hex MD5 of the uncompressed file. */
    public String md5() {
        return md5;
    }
}
