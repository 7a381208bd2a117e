#define _GNU_SOURCE
#include "CThreadPlacement.h"

#if defined(__linux__)
#include <sched.h>

static cpu_set_t allowed;
static int allowed_count;
static int allowed_cpus[CPU_SETSIZE];
static pthread_once_t allowed_once = PTHREAD_ONCE_INIT;
// A plain counter with atomic builtins (an _Atomic type's debug info trips valgrind 3.19).
static unsigned next_choice;

static void read_allowed(void) {
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &allowed)) allowed_cpus[allowed_count++] = cpu;
    }
}

int oav_thread_place(pthread_attr_t *attributes) {
    pthread_once(&allowed_once, read_allowed);
    if (allowed_count < 2) return 0;
    int here = sched_getcpu();
    int start = 0;
    for (int i = 0; i < allowed_count; i++) {
        if (allowed_cpus[i] == here) start = i;
    }
    // The first thread goes to the next CPU, the second back here (whose thread usually waits
    // for them), and so on: threads made in a burst start spread over the CPUs.
    unsigned k = __atomic_fetch_add(&next_choice, 1, __ATOMIC_RELAXED);
    int target = allowed_cpus[(start + 1 + (int)(k % (unsigned)allowed_count)) % allowed_count];
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(target, &one);
    return pthread_attr_setaffinity_np(attributes, sizeof one, &one) == 0;
}

void oav_thread_unpin(void) {
    pthread_once(&allowed_once, read_allowed);
    if (allowed_count > 0) sched_setaffinity(0, sizeof allowed, &allowed);
}

int oav_thread_cpu_count(void) {
    cpu_set_t now;
    if (sched_getaffinity(0, sizeof now, &now) != 0) return 0;
    return CPU_COUNT(&now);
}

int oav_thread_attr_cpu_count(const pthread_attr_t *attributes) {
    cpu_set_t set;
    if (pthread_attr_getaffinity_np(attributes, sizeof set, &set) != 0) return 0;
    return CPU_COUNT(&set);
}

#else

int oav_thread_place(pthread_attr_t *attributes) {
    (void)attributes;
    return 0;
}

void oav_thread_unpin(void) {}

int oav_thread_cpu_count(void) { return 0; }

int oav_thread_attr_cpu_count(const pthread_attr_t *attributes) {
    (void)attributes;
    return 0;
}

#endif
