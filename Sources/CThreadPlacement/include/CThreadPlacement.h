// Where a new thread starts. On the 2-vCPU machines this tool runs on, Linux often queues a new
// thread on the CPU of the thread that made it, which keeps running; the new thread then waits
// for that CPU's time slice (0.7-3.7 ms measured) while the other CPU idles. These helpers start
// it on another CPU instead, and let it move freely once it runs.
#ifndef CTHREADPLACEMENT_H
#define CTHREADPLACEMENT_H

#include <pthread.h>

/// Sets `attributes` to start the thread on one CPU the process may use: round robin over them,
/// beginning with the CPU after the caller's. Returns 1 when set (the thread must then call
/// `oav_thread_unpin` first thing); 0 when there is nothing to choose (one CPU, not Linux).
int oav_thread_place(pthread_attr_t *attributes);

/// Lets the calling thread run on every CPU the process may use again.
void oav_thread_unpin(void);

/// How many CPUs the calling thread may run on (0 when unknown).
int oav_thread_cpu_count(void);

/// How many CPUs `attributes` let a new thread start on (0 when they do not say).
int oav_thread_attr_cpu_count(const pthread_attr_t *attributes);

#endif
