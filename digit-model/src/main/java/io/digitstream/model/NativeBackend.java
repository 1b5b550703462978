package io.digitstream.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Selects ND4J's oneDNN build and turns DL4J's layer helpers on. Must run before the first ND4J class
 * initializes, which is why every entry point that touches a model calls {@link #init()} first.
 */
public final class NativeBackend {

    /** JavaCPP picks the native library variant from this suffix; the -onednn jar is on the class path. */
    static final String PLATFORM_EXTENSION = "org.bytedeco.javacpp.platform.extension";
    /** DL4J M2.1 disables all layer helpers (oneDNN included) unless this is explicitly false. */
    static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

    private static volatile boolean initialized;

    private NativeBackend() {
    }

    public static synchronized void init() {
        if (initialized) {
            return;
        }
        System.setProperty(PLATFORM_EXTENSION, System.getProperty(PLATFORM_EXTENSION, "-onednn"));
        System.setProperty(HELPERS_DISABLE, System.getProperty(HELPERS_DISABLE, "false"));
        Nd4j.create(1); // loads the native library now, so failures surface at start-up
        initialized = true;
    }

    /**
     * OpenMP threads per native call. Only the OMP_NUM_THREADS environment variable, read when the
     * native library loads, really sets it (ND4J's setMaxThreads leaves oneDNN's OpenMP pool alone),
     * so bin/digits exports 1 for everything but training; see docs/benchmarks.md.
     */
    public static String openMpThreads() {
        String value = System.getenv("OMP_NUM_THREADS");
        return value == null ? "unset (all cores)" : value;
    }

    public static boolean oneDnnEnabled() {
        init();
        return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
    }

    /** True when every convolution layer of the network runs through a oneDNN helper. */
    public static boolean convolutionsUseOneDnn(MultiLayerNetwork network) {
        boolean any = false;
        for (Layer layer : network.getLayers()) {
            if (layer instanceof ConvolutionLayer) {
                any = true;
                if (layer.getHelper() == null) {
                    return false;
                }
            }
        }
        return any;
    }
}
