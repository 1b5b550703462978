package org.nd4j.nativeblas;

/**
 * Compatibility shim for Deeplearning4j 1.0.0-M2.1. Its oneDNN layer helpers decide whether oneDNN is
 * on by reflectively calling {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()},
 * a class that M2.1's ND4J no longer ships (it moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment#isUseONEDNN}). Without this shim
 * the lookup fails and every convolution silently runs on the slow built-in path.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
