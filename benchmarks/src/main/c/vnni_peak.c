/*
 * The machine's int8 multiply-add peak per core, the ceiling of an int8 inference engine (ONNX Runtime's
 * QLinearConv runs on AVX-512 VNNI here): 12 independent chains of VPDPBUSD, each 16 lanes of 4 u8 x s8 products.
 *   gcc -O2 -mavx512f -mavx512vnni -o /tmp/vnni_peak benchmarks/src/main/c/vnni_peak.c && /tmp/vnni_peak
 * Images/s ceiling of a network in int8: peak GMAC/s * 1e9 / multiply-adds per image.
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
    enum { CHAINS = 12, MACS_PER_INSTRUCTION = 64 };
    const long steps = 8000000L;
    __m512i acc[CHAINS];
    const __m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(-1);
    for (int i = 0; i < CHAINS; i++) {
        acc[i] = _mm512_set1_epi32(i);
    }
    double best = 0;
    for (int round = 0; round < 5; round++) {
        double start = seconds();
        for (long s = 0; s < steps; s++) {
#pragma GCC unroll 12
            for (int i = 0; i < CHAINS; i++) {
                acc[i] = _mm512_dpbusd_epi32(acc[i], a, b);
            }
        }
        double rate = (double) steps * CHAINS * MACS_PER_INSTRUCTION / (seconds() - start) / 1e9;
        best = rate > best ? rate : best;
    }
    long sink = 0;
    for (int i = 0; i < CHAINS; i++) {
        sink += _mm512_reduce_add_epi32(acc[i]);
    }
    printf("int8 VNNI peak: %.1f GMAC/s on this core (best of 5; checksum %ld)\n", best, sink);
    return 0;
}
