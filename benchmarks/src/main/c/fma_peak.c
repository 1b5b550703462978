/*
 * The machine's fp32 multiply-add peak per core, the ceiling of any fp32 inference engine:
 * 12 independent chains of 16-wide AVX-512 FMAs (enough to cover the FMA latency on 2 pipes).
 *   gcc -O2 -mavx512f -o /tmp/fma_peak benchmarks/src/main/c/fma_peak.c && /tmp/fma_peak
 * Run two at once (`/tmp/fma_peak & /tmp/fma_peak; wait`) for both cores. Images/s ceiling of a network:
 * peak GMAC/s * 1e9 / multiply-adds per image (the shipped VGG: 18.69M).
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
    enum { CHAINS = 12, LANES = 16 };
    const long steps = 8000000L;
    __m512 acc[CHAINS];
    const __m512 scale = _mm512_set1_ps(0.999999f), offset = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < CHAINS; i++) {
        acc[i] = _mm512_set1_ps((float) i);
    }
    double best = 0;
    for (int round = 0; round < 5; round++) {
        double start = seconds();
        for (long s = 0; s < steps; s++) {
#pragma GCC unroll 12
            for (int i = 0; i < CHAINS; i++) {
                acc[i] = _mm512_fmadd_ps(acc[i], scale, offset);
            }
        }
        double rate = (double) steps * CHAINS * LANES / (seconds() - start) / 1e9;
        best = rate > best ? rate : best;
    }
    float sink = 0;
    for (int i = 0; i < CHAINS; i++) {
        sink += _mm512_reduce_add_ps(acc[i]);
    }
    printf("fp32 FMA peak: %.1f GMAC/s on this core (best of 5; checksum %g)\n", best, sink);
    return 0;
}
