/*
 * One core's multiply-add peaks, the ceilings of an inference engine: fp32 (12 independent chains of 16-wide
 * AVX-512 FMAs, enough to cover the FMA latency on 2 pipes) and int8 (12 chains of AVX-512 VNNI VPDPBUSD, each
 * 16 lanes of 4 u8 x s8 products; ONNX Runtime's QLinearConv runs on it here).
 *   gcc -O2 -mavx512f -mavx512vnni -o /tmp/mac_peak benchmarks/src/main/c/mac_peak.c && /tmp/mac_peak
 * Run two at once (`/tmp/mac_peak & /tmp/mac_peak; wait`) for both cores. Images/s ceiling of a network:
 * peak GMAC/s * 1e9 / multiply-adds per image (the shipped VGG: 18.69M).
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

enum { CHAINS = 12, ROUNDS = 5 };
static const long STEPS = 8000000L;

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Runs STEPS x CHAINS instructions of one kind; returns a checksum so the compiler keeps the work. */
typedef double (*Chains)(void);

static double fp32_chains(void) {
    __m512 acc[CHAINS];
    const __m512 scale = _mm512_set1_ps(0.999999f), offset = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < CHAINS; i++) {
        acc[i] = _mm512_set1_ps((float) i);
    }
    for (long s = 0; s < STEPS; s++) {
#pragma GCC unroll 12
        for (int i = 0; i < CHAINS; i++) {
            acc[i] = _mm512_fmadd_ps(acc[i], scale, offset);
        }
    }
    double sum = 0;
    for (int i = 0; i < CHAINS; i++) {
        sum += _mm512_reduce_add_ps(acc[i]);
    }
    return sum;
}

static double int8_chains(void) {
    __m512i acc[CHAINS];
    const __m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(-1);
    for (int i = 0; i < CHAINS; i++) {
        acc[i] = _mm512_set1_epi32(i);
    }
    for (long s = 0; s < STEPS; s++) {
#pragma GCC unroll 12
        for (int i = 0; i < CHAINS; i++) {
            acc[i] = _mm512_dpbusd_epi32(acc[i], a, b);
        }
    }
    double sum = 0;
    for (int i = 0; i < CHAINS; i++) {
        sum += _mm512_reduce_add_epi32(acc[i]);
    }
    return sum;
}

/* The best rate of ROUNDS runs, in GMAC/s, for an instruction doing macs multiply-adds. */
static void report(const char *name, Chains chains, int macs) {
    double best = 0, checksum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        double start = seconds();
        checksum += chains();
        double rate = (double) STEPS * CHAINS * macs / (seconds() - start) / 1e9;
        best = rate > best ? rate : best;
    }
    printf("%s peak: %.1f GMAC/s on this core (best of %d; checksum %g)\n", name, best, ROUNDS, checksum);
}

int main(void) {
    report("fp32 FMA", fp32_chains, 16);
    report("int8 VNNI", int8_chains, 64);
    return 0;
}
