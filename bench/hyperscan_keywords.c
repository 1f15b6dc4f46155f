/* Hyperscan (Intel's SIMD regex and literal engine, libhyperscan-dev) on the secret
 * scanner's keywords: every ASCII-case-insensitive occurrence of every keyword in the
 * listed files, counted. It is the reference for palisade's keyword pass
 * (crates/palisade-secrets/src/keywords.rs), timed the same way as
 * `keywords::tests::throughput_on_a_tree`: files in memory, one thread, best of 5 passes.
 *
 *   cc -O2 -o hyperscan_keywords bench/hyperscan_keywords.c -lhs
 *   ./hyperscan_keywords KEYWORDS.txt FILES.txt     # one keyword / one path per line
 *
 * Run by bench/keywords.sh. */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int count_hit(unsigned id, unsigned long long from, unsigned long long to,
                     unsigned flags, void *hits) {
    (void)id, (void)from, (void)to, (void)flags;
    ++*(unsigned long long *)hits;
    return 0;
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* The lines of `path`, without their newlines; empty lines dropped. */
static char **read_lines(const char *path, size_t *n) {
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(2);
    }
    char **out = NULL, line[8192];
    size_t cap = 0;
    *n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!*line)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 256;
            out = realloc(out, cap * sizeof *out);
        }
        out[(*n)++] = strdup(line);
    }
    fclose(f);
    return out;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s KEYWORDS.txt FILES.txt\n", argv[0]);
        return 2;
    }
    size_t nk, nf;
    char **keywords = read_lines(argv[1], &nk);
    char **paths = read_lines(argv[2], &nf);
    unsigned *flags = malloc(nk * sizeof *flags), *ids = malloc(nk * sizeof *ids);
    size_t *lens = malloc(nk * sizeof *lens);
    for (size_t i = 0; i < nk; i++) {
        flags[i] = HS_FLAG_CASELESS;
        ids[i] = (unsigned)i;
        lens[i] = strlen(keywords[i]);
    }
    hs_database_t *db;
    hs_compile_error_t *err;
    if (hs_compile_lit_multi((const char *const *)keywords, flags, ids, lens, (unsigned)nk,
                             HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
        fprintf(stderr, "hyperscan: cannot compile keyword %d: %s\n", err->expression, err->message);
        return 1;
    }
    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
        fprintf(stderr, "hyperscan: cannot allocate scratch\n");
        return 1;
    }
    char **bufs = malloc(nf * sizeof *bufs);
    size_t *sizes = malloc(nf * sizeof *sizes), total = 0;
    for (size_t i = 0; i < nf; i++) {
        FILE *f = fopen(paths[i], "rb");
        if (!f) {
            perror(paths[i]);
            return 2;
        }
        fseek(f, 0, SEEK_END);
        long len = ftell(f);
        fseek(f, 0, SEEK_SET);
        bufs[i] = malloc(len > 0 ? (size_t)len : 1);
        sizes[i] = fread(bufs[i], 1, (size_t)(len > 0 ? len : 0), f);
        total += sizes[i];
        fclose(f);
    }
    double best = 1e30;
    unsigned long long hits = 0;
    for (int round = 0; round < 5; round++) {
        hits = 0;
        double t0 = seconds();
        for (size_t i = 0; i < nf; i++)
            if (hs_scan(db, bufs[i], (unsigned)sizes[i], 0, scratch, count_hit, &hits) != HS_SUCCESS) {
                fprintf(stderr, "hyperscan: scan of %s failed\n", paths[i]);
                return 1;
            }
        double t = seconds() - t0;
        if (t < best)
            best = t;
    }
    printf("hyperscan %s: %zu keywords, %zu files, %.1f MiB, %llu hits; %.3f ns/byte (%.2f GB/s), best of 5\n",
           hs_version(), nk, nf, total / 1048576.0, hits, best * 1e9 / total, total / best / 1e9);
    return 0;
}
