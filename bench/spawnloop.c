/*
 * The exec ceiling: how many times per second this machine can start /bin/echo and reap it when
 * nothing else is done. bench/run.sh runs one copy per core and adds up their rates; no server
 * that starts a program per request can go faster than that.
 *
 *   spawnloop SECONDS     runs `/bin/echo hello` (output to /dev/null) with posix_spawn and
 *                         waitpid, one at a time, for SECONDS; prints spawned=, seconds=, rate=
 *
 * Exits 1 when a start fails or /bin/echo does not exit 0.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  char *end_arg = NULL;
  double seconds = argc == 2 ? strtod(argv[1], &end_arg) : 0;
  if (argc != 2 || *end_arg != '\0' || seconds <= 0) {
    fprintf(stderr, "usage: %s SECONDS\n", argv[0]);
    return 2;
  }

  posix_spawn_file_actions_t actions;
  if (posix_spawn_file_actions_init(&actions) != 0 ||
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) != 0) {
    fprintf(stderr, "spawnloop: cannot set up the file actions\n");
    return 1;
  }
  char *child_argv[] = {"/bin/echo", "hello", NULL};

  long spawned = 0;
  double start = now();
  double end = start + seconds;
  double t = start;
  while (t < end) {
    pid_t pid;
    int err = posix_spawn(&pid, child_argv[0], &actions, NULL, child_argv, environ);
    if (err != 0) {
      fprintf(stderr, "spawnloop: posix_spawn: %s\n", strerror(err));
      return 1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
      if (errno != EINTR) {
        perror("spawnloop: waitpid");
        return 1;
      }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "spawnloop: /bin/echo ended with status %d\n", status);
      return 1;
    }
    spawned++;
    t = now();
  }
  posix_spawn_file_actions_destroy(&actions);

  double took = t - start;
  printf("spawned=%ld\nseconds=%.3f\nrate=%.1f\n", spawned, took, (double)spawned / took);
  return 0;
}
