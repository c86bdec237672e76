/*
 * commandeer-spawn: starts and watches the programs Commandeer runs.
 *
 * The JVM starts this process once and talks to it over its stdin (requests) and stdout (replies).
 * It spawns each program with posix_spawn as the leader of a new session and process group, with
 * stdin from /dev/null and stdout/stderr on fresh pipes; it keeps the first `cap` bytes of each
 * stream and counts the rest, reaps exits, and signals process groups on request. One poll()
 * loop watches its stdin, every output pipe and a signalfd for SIGCHLD.
 *
 * Frames in both directions: u32 big-endian payload length, u8 type, payload. Strings are a u32
 * length followed by that many bytes.
 *
 *   requests  SPAWN    id u64, cap u32, cwd string (empty: inherit), argc u32 + strings,
 *                      envc u32 + "NAME=value" strings
 *             SIGNAL   id u64, signo u8
 *             RELEASE  id u64: nothing more will be asked about this run; its pipes are closed
 *                      (OUTPUT is sent with what was read if it was not sent yet) and the run
 *                      is forgotten once reaped
 *   replies   HELLO    version u32, name string
 *             STARTED  id u64, pid u32
 *             FAILED   id u64, message string
 *             EXITED   id u64, status i32 (exit code, or 128 + signal number), over u8
 *             OUTPUT   id u64, stdout total u64, stdout bytes string,
 *                      stderr total u64, stderr bytes string (both pipes ended), over u8
 *             SIGNALED id u64, found u8
 *             FATAL    message string, sent before exiting on a malformed request
 *
 * Whichever of EXITED and OUTPUT comes second says whether the run is over: `over` is 1 when the
 * program was reaped, its output ended and nothing is left in its process group; the run is then
 * forgotten (a later SIGNAL finds nothing, a RELEASE is ignored), so the usual end of a run needs no
 * further request. With `over` 0 the JVM sweeps the group and releases the run as before.
 *
 * Replies are collected while one round of the loop handles what poll() reported, and written
 * together before it waits again.
 *
 * It ignores SIGINT, SIGTERM, SIGHUP and SIGQUIT: it ends with its stdin. When stdin ends or
 * breaks, every group it started gets SIGKILL; the exits and outputs are reported for up to two
 * seconds more, then it exits. A broken stdout means the JVM is gone: kill everything and exit at
 * once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROTOCOL_VERSION 2u
#define MAX_REQUEST (1u << 20)
#define MAX_CAP (1u << 30)
#define CHUNK 65536
#define CLOSE_LINGER_MS 2000

enum { REQ_SPAWN = 1, REQ_SIGNAL = 2, REQ_RELEASE = 3 };
enum {
  REP_HELLO = 64,
  REP_STARTED = 65,
  REP_FAILED = 66,
  REP_EXITED = 67,
  REP_OUTPUT = 68,
  REP_SIGNALED = 69,
  REP_FATAL = 70
};

struct stream {
  int fd;
  uint8_t *data;
  uint32_t size;
  uint32_t alloc;
  uint64_t total;
};

struct run {
  uint64_t id;
  pid_t pid;
  uint32_t cap;
  int reaped;
  int released;
  int output_sent;
  struct stream out;
  struct stream err;
};

static struct run **runs;
static size_t run_count;
static size_t run_alloc;

static int signal_fd = -1;
static int dev_null = -1;
static int closing;
static struct timespec close_deadline;

static uint8_t in_buf[MAX_REQUEST + 5];
static size_t in_len;

/* ---- replies ---- */

struct frame {
  uint8_t *data;
  size_t len;
  size_t alloc;
};

static void kill_all(void);

static void die_quietly(int code) {
  kill_all();
  _exit(code);
}

static void put(struct frame *f, const void *bytes, size_t n) {
  if (f->len + n > f->alloc) {
    size_t alloc = f->alloc ? f->alloc : 256;
    while (alloc < f->len + n) {
      alloc *= 2;
    }
    uint8_t *data = realloc(f->data, alloc);
    if (data == NULL) {
      fputs("commandeer-spawn: out of memory\n", stderr);
      die_quietly(3);
    }
    f->data = data;
    f->alloc = alloc;
  }
  memcpy(f->data + f->len, bytes, n);
  f->len += n;
}

static void put_u8(struct frame *f, uint8_t v) { put(f, &v, 1); }

static void put_u32(struct frame *f, uint32_t v) {
  uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
  put(f, b, 4);
}

static void put_u64(struct frame *f, uint64_t v) {
  put_u32(f, (uint32_t)(v >> 32));
  put_u32(f, (uint32_t)v);
}

static void put_bytes(struct frame *f, const void *bytes, uint32_t n) {
  put_u32(f, n);
  if (n > 0) {
    put(f, bytes, n);
  }
}

static void put_string(struct frame *f, const char *s) { put_bytes(f, s, (uint32_t)strlen(s)); }

static void begin(struct frame *f, uint8_t type) {
  f->len = 0;
  put_u32(f, 0);
  put_u8(f, type);
}

static struct frame pending; /* replies not written yet */

/* Queues the frame; flush() writes what is queued. */
static void send_frame(struct frame *f) {
  uint32_t payload = (uint32_t)(f->len - 5);
  f->data[0] = (uint8_t)(payload >> 24);
  f->data[1] = (uint8_t)(payload >> 16);
  f->data[2] = (uint8_t)(payload >> 8);
  f->data[3] = (uint8_t)payload;
  put(&pending, f->data, f->len);
}

/* Writes every queued reply; a broken stdout means nobody is listening any more. */
static void flush(void) {
  size_t done = 0;
  while (done < pending.len) {
    ssize_t n = write(STDOUT_FILENO, pending.data + done, pending.len - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      pending.len = 0;
      die_quietly(1);
    }
    done += (size_t)n;
  }
  pending.len = 0;
  if (pending.alloc > 4 * CHUNK) { /* a large OUTPUT went out: give its room back */
    free(pending.data);
    pending.data = NULL;
    pending.alloc = 0;
  }
}

static struct frame reply;

static void send_started(uint64_t id, pid_t pid) {
  begin(&reply, REP_STARTED);
  put_u64(&reply, id);
  put_u32(&reply, (uint32_t)pid);
  send_frame(&reply);
}

static void send_failed(uint64_t id, const char *format, ...) {
  char message[1024];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  begin(&reply, REP_FAILED);
  put_u64(&reply, id);
  put_string(&reply, message);
  send_frame(&reply);
}

static void send_signaled(uint64_t id, int found) {
  begin(&reply, REP_SIGNALED);
  put_u64(&reply, id);
  put_u8(&reply, found ? 1 : 0);
  send_frame(&reply);
}

/* Tells the JVM why, kills what it started and exits: the request stream cannot be trusted. */
static void fatal(const char *format, ...) {
  char message[1024];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  fprintf(stderr, "commandeer-spawn: %s\n", message);
  kill_all();
  begin(&reply, REP_FATAL);
  put_string(&reply, message);
  send_frame(&reply);
  flush();
  _exit(2);
}

/* ---- runs ---- */

static struct run *find_id(uint64_t id) {
  for (size_t i = 0; i < run_count; i++) {
    if (runs[i]->id == id) {
      return runs[i];
    }
  }
  return NULL;
}

static struct run *find_live_pid(pid_t pid) {
  for (size_t i = 0; i < run_count; i++) {
    if (!runs[i]->reaped && runs[i]->pid == pid) {
      return runs[i];
    }
  }
  return NULL;
}

static void add_run(struct run *r) {
  if (run_count == run_alloc) {
    size_t alloc = run_alloc ? run_alloc * 2 : 64;
    struct run **grown = realloc(runs, alloc * sizeof *runs);
    if (grown == NULL) {
      fputs("commandeer-spawn: out of memory\n", stderr);
      die_quietly(3);
    }
    runs = grown;
    run_alloc = alloc;
  }
  runs[run_count++] = r;
}

static void close_stream(struct stream *s) {
  if (s->fd >= 0) {
    close(s->fd);
    s->fd = -1;
  }
}

static void free_buffers(struct run *r) {
  free(r->out.data);
  free(r->err.data);
  r->out.data = r->err.data = NULL;
  r->out.size = r->err.size = r->out.alloc = r->err.alloc = 0;
}

static void remove_run(struct run *r) {
  for (size_t i = 0; i < run_count; i++) {
    if (runs[i] == r) {
      runs[i] = runs[--run_count];
      break;
    }
  }
  close_stream(&r->out);
  close_stream(&r->err);
  free_buffers(r);
  free(r);
}

/* Nothing is left in the run's process group (its leader, the program, was reaped). */
static int group_empty(const struct run *r) { return kill(-r->pid, 0) < 0 && errno == ESRCH; }

static void send_output(struct run *r, int over) {
  begin(&reply, REP_OUTPUT);
  put_u64(&reply, r->id);
  put_u64(&reply, r->out.total);
  put_bytes(&reply, r->out.data, r->out.size);
  put_u64(&reply, r->err.total);
  put_bytes(&reply, r->err.data, r->err.size);
  put_u8(&reply, over ? 1 : 0);
  send_frame(&reply);
  r->output_sent = 1;
  free_buffers(r);
}

/* Both pipes ended: the output goes out, and if the program was reaped too, maybe the run's end. */
static void output_ended(struct run *r) {
  if (r->out.fd < 0 && r->err.fd < 0 && !r->output_sent && !r->released) {
    int over = r->reaped && group_empty(r);
    send_output(r, over);
    if (over) {
      remove_run(r);
    }
  }
}

static void keep(struct stream *s, uint32_t cap, const uint8_t *bytes, size_t n) {
  s->total += n;
  size_t room = cap - s->size;
  size_t take = n < room ? n : room;
  if (take == 0) {
    return;
  }
  if (s->size + take > s->alloc) {
    size_t alloc = s->alloc ? (size_t)s->alloc * 2 : 4096;
    if (alloc < s->size + take) {
      alloc = s->size + take;
    }
    if (alloc > cap) {
      alloc = cap;
    }
    uint8_t *data = realloc(s->data, alloc);
    if (data == NULL) {
      return; /* keep counting; what was kept so far stays valid */
    }
    s->data = data;
    s->alloc = (uint32_t)alloc;
  }
  memcpy(s->data + s->size, bytes, take);
  s->size += (uint32_t)take;
}

static void read_stream(struct run *r, struct stream *s) {
  static uint8_t chunk[CHUNK];
  ssize_t n = read(s->fd, chunk, sizeof chunk);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
    return;
  }
  if (n <= 0) {
    close_stream(s);
    output_ended(r);
    return;
  }
  keep(s, r->cap, chunk, (size_t)n);
}

/* A pid is signalled only while it is unreaped, so a reused pid is never hit. */
static int signal_run(struct run *r, int signo) {
  int found = kill(-r->pid, signo) == 0;
  if (!r->reaped && kill(r->pid, signo) == 0) {
    found = 1;
  }
  return found;
}

static void kill_all(void) {
  for (size_t i = 0; i < run_count; i++) {
    if (!runs[i]->released || !runs[i]->reaped) {
      signal_run(runs[i], SIGKILL);
    }
  }
}

static void reap(void) {
  struct signalfd_siginfo info;
  while (read(signal_fd, &info, sizeof info) == (ssize_t)sizeof info) {
  }
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    struct run *r = find_live_pid(pid);
    if (r == NULL) {
      continue;
    }
    r->reaped = 1;
    if (r->released) {
      remove_run(r);
      continue;
    }
    int over = r->output_sent && group_empty(r);
    begin(&reply, REP_EXITED);
    put_u64(&reply, r->id);
    put_u32(&reply,
            (uint32_t)(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)));
    put_u8(&reply, over ? 1 : 0);
    send_frame(&reply);
    if (over) {
      remove_run(r);
    }
  }
}

/* ---- requests ---- */

struct reader {
  const uint8_t *p;
  size_t left;
  int bad;
};

static uint32_t get_u32(struct reader *r) {
  if (r->left < 4) {
    r->bad = 1;
    return 0;
  }
  uint32_t v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
  r->p += 4;
  r->left -= 4;
  return v;
}

static uint64_t get_u64(struct reader *r) {
  uint64_t high = get_u32(r);
  return high << 32 | get_u32(r);
}

/* Copies a string into `*to` with a terminating NUL; a NUL inside is an error. */
static char *get_string(struct reader *r, char **to) {
  uint32_t n = get_u32(r);
  if (r->bad || n > r->left || memchr(r->p, 0, n) != NULL) {
    r->bad = 1;
    return NULL;
  }
  char *s = *to;
  memcpy(s, r->p, n);
  s[n] = 0;
  *to += n + 1;
  r->p += n;
  r->left -= n;
  return s;
}

/* Reads `count` strings into a NULL-terminated vector; the count is checked against the bytes. */
static char **get_strings(struct reader *r, char **to, uint32_t *count) {
  *count = get_u32(r);
  if (r->bad || *count > r->left / 4) {
    r->bad = 1;
    return NULL;
  }
  char **vector = calloc((size_t)*count + 1, sizeof *vector);
  if (vector == NULL) {
    r->bad = 1;
    return NULL;
  }
  for (uint32_t i = 0; i < *count && !r->bad; i++) {
    vector[i] = get_string(r, to);
  }
  return vector;
}

/*
 * An executable file the kernel cannot run (a script without "#!") is run by /bin/sh with the
 * same arguments, as execvp and the JDK's launcher do.
 */
static int spawn_script(pid_t *pid, const posix_spawn_file_actions_t *actions,
                        const posix_spawnattr_t *attributes, char **argv, char **envp) {
  size_t argc = 0;
  while (argv[argc] != NULL) {
    argc++;
  }
  char **with_shell = calloc(argc + 2, sizeof *with_shell);
  if (with_shell == NULL) {
    return ENOMEM;
  }
  with_shell[0] = "/bin/sh";
  for (size_t i = 0; i < argc; i++) {
    with_shell[i + 1] = argv[i];
  }
  int rc = posix_spawn(pid, "/bin/sh", actions, attributes, with_shell, envp);
  free(with_shell);
  return rc == 0 ? 0 : ENOEXEC;
}

static void start(uint64_t id, uint32_t cap, const char *cwd, char **argv, char **envp) {
  int out[2];
  int err[2];
  if (pipe2(out, O_CLOEXEC) < 0) {
    send_failed(id, "cannot create a pipe: %s", strerror(errno));
    return;
  }
  if (pipe2(err, O_CLOEXEC) < 0) {
    send_failed(id, "cannot create a pipe: %s", strerror(errno));
    close(out[0]);
    close(out[1]);
    return;
  }
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  sigset_t none;
  sigset_t all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, dev_null, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  if (cwd[0] != 0) {
    posix_spawn_file_actions_addchdir_np(&actions, cwd);
  }
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);

  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &actions, &attributes, argv, envp);
  if (rc == ENOEXEC) {
    rc = spawn_script(&pid, &actions, &attributes, argv, envp);
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    close(out[0]);
    close(err[0]);
    if (cwd[0] != 0) {
      send_failed(id, "%s (in %s)", strerror(rc), cwd);
    } else {
      send_failed(id, "%s", strerror(rc));
    }
    return;
  }
  struct run *r = calloc(1, sizeof *r);
  if (r == NULL) {
    kill(-pid, SIGKILL);
    close(out[0]);
    close(err[0]);
    send_failed(id, "out of memory");
    return;
  }
  r->id = id;
  r->pid = pid;
  r->cap = cap;
  r->out.fd = out[0];
  r->err.fd = err[0];
  add_run(r);
  send_started(id, pid);
}

static void handle_spawn(const uint8_t *payload, uint32_t len) {
  struct reader in = {payload, len, 0};
  uint64_t id = get_u64(&in);
  uint32_t cap = get_u32(&in);
  if (in.bad) {
    fatal("malformed SPAWN request of %u bytes", len);
  }
  if (cap > MAX_CAP) {
    send_failed(id, "output cap %u exceeds %u bytes", cap, MAX_CAP);
    return;
  }
  if (find_id(id) != NULL) {
    send_failed(id, "run id %llu is already in use", (unsigned long long)id);
    return;
  }
  /* Every string is at most as long as the payload, plus its terminating NUL. */
  char *strings = malloc((size_t)len * 2 + 1);
  char *next = strings;
  uint32_t argc = 0;
  uint32_t envc = 0;
  char **argv = NULL;
  char **envp = NULL;
  const char *cwd = strings == NULL ? NULL : get_string(&in, &next);
  if (cwd != NULL) {
    argv = get_strings(&in, &next, &argc);
  }
  if (argv != NULL && !in.bad) {
    envp = get_strings(&in, &next, &envc);
  }
  if (strings == NULL) {
    send_failed(id, "out of memory");
  } else if (in.bad || in.left != 0) {
    send_failed(id, "malformed SPAWN request (a count or length does not match, or a NUL byte)");
  } else if (argc == 0 || argv[0][0] != '/') {
    send_failed(id, "the program must be given as an absolute path");
  } else {
    int env_ok = 1;
    for (uint32_t i = 0; i < envc; i++) {
      env_ok &= strchr(envp[i], '=') != NULL && envp[i][0] != '=';
    }
    if (env_ok) {
      start(id, cap, cwd, argv, envp);
    } else {
      send_failed(id, "an environment entry is not NAME=value");
    }
  }
  free(envp);
  free(argv);
  free(strings);
}

static void handle_signal(const uint8_t *payload, uint32_t len) {
  struct reader in = {payload, len, 0};
  uint64_t id = get_u64(&in);
  if (in.bad || in.left != 1) {
    fatal("malformed SIGNAL request of %u bytes", len);
  }
  int signo = payload[8];
  struct run *r = find_id(id);
  int valid = signo > 0 && signo < SIGRTMIN;
  send_signaled(id, r != NULL && !r->released && valid && signal_run(r, signo));
}

static void handle_release(const uint8_t *payload, uint32_t len) {
  struct reader in = {payload, len, 0};
  uint64_t id = get_u64(&in);
  if (in.bad || in.left != 0) {
    fatal("malformed RELEASE request of %u bytes", len);
  }
  struct run *r = find_id(id);
  if (r == NULL || r->released) {
    return;
  }
  close_stream(&r->out);
  close_stream(&r->err);
  if (!r->output_sent) {
    send_output(r, 0);
  }
  r->released = 1;
  if (r->reaped) {
    remove_run(r);
  }
}

static void handle(uint8_t type, const uint8_t *payload, uint32_t len) {
  switch (type) {
    case REQ_SPAWN:
      handle_spawn(payload, len);
      break;
    case REQ_SIGNAL:
      handle_signal(payload, len);
      break;
    case REQ_RELEASE:
      handle_release(payload, len);
      break;
    default:
      fatal("unknown request type %u", type);
  }
}

static void begin_close(void) {
  closing = 1;
  kill_all();
  clock_gettime(CLOCK_MONOTONIC, &close_deadline);
  close_deadline.tv_sec += CLOSE_LINGER_MS / 1000;
}

static void read_requests(void) {
  ssize_t n = read(STDIN_FILENO, in_buf + in_len, sizeof in_buf - in_len);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
    return;
  }
  if (n <= 0) {
    begin_close();
    return;
  }
  in_len += (size_t)n;
  size_t used = 0;
  while (in_len - used >= 5) {
    const uint8_t *h = in_buf + used;
    uint32_t len = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    if (len > MAX_REQUEST) {
      fatal("request of %u bytes exceeds the limit of %u bytes", len, MAX_REQUEST);
    }
    if (in_len - used - 5 < len) {
      break;
    }
    handle(h[4], h + 5, len);
    used += 5 + (size_t)len;
  }
  memmove(in_buf, in_buf + used, in_len - used);
  in_len -= used;
}

/* ---- the loop ---- */

static int pending_work(void) {
  for (size_t i = 0; i < run_count; i++) {
    struct run *r = runs[i];
    if (!r->reaped || (!r->output_sent && !r->released)) {
      return 1;
    }
  }
  return 0;
}

static int close_wait_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long ms = (close_deadline.tv_sec - now.tv_sec) * 1000 +
            (close_deadline.tv_nsec - now.tv_nsec) / 1000000;
  return ms < 0 ? 0 : (int)ms;
}

int main(void) {
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) < 0) {
      return 2; /* started without stdin, stdout or stderr: not by Commandeer */
    }
  }
  signal(SIGPIPE, SIG_IGN);
  /* Its life is its stdin: Ctrl-C in a terminal (it shares the JVM's process group) or a service
   * manager's TERM is meant for the JVM, which then shuts down gracefully and closes stdin. Every
   * program gets default dispositions back (POSIX_SPAWN_SETSIGDEF). */
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGCHLD, SIG_DFL);
  sigset_t child;
  sigemptyset(&child);
  sigaddset(&child, SIGCHLD);
  sigprocmask(SIG_SETMASK, &child, NULL);
  signal_fd = signalfd(-1, &child, SFD_CLOEXEC | SFD_NONBLOCK);
  dev_null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (signal_fd < 0 || dev_null < 0) {
    fprintf(stderr, "commandeer-spawn: cannot set up: %s\n", strerror(errno));
    return 2;
  }

  begin(&reply, REP_HELLO);
  put_u32(&reply, PROTOCOL_VERSION);
  put_string(&reply, "commandeer-spawn");
  send_frame(&reply);
  flush();

  struct pollfd *fds = NULL;
  struct stream **streams = NULL;
  struct run **owners = NULL;
  size_t fds_alloc = 0;
  for (;;) {
    if (closing && (!pending_work() || close_wait_ms() == 0)) {
      return 0;
    }
    if (fds_alloc < 2 + run_count * 2) {
      fds_alloc = 2 + run_count * 4;
      fds = realloc(fds, fds_alloc * sizeof *fds);
      streams = realloc(streams, fds_alloc * sizeof *streams);
      owners = realloc(owners, fds_alloc * sizeof *owners);
      if (fds == NULL || streams == NULL || owners == NULL) {
        fputs("commandeer-spawn: out of memory\n", stderr);
        die_quietly(3);
      }
    }
    size_t n = 0;
    fds[n++] = (struct pollfd){.fd = signal_fd, .events = POLLIN};
    fds[n++] = (struct pollfd){.fd = closing ? -1 : STDIN_FILENO, .events = POLLIN};
    for (size_t i = 0; i < run_count; i++) {
      struct stream *pair[2] = {&runs[i]->out, &runs[i]->err};
      for (int k = 0; k < 2; k++) {
        if (pair[k]->fd >= 0) {
          streams[n] = pair[k];
          owners[n] = runs[i];
          fds[n++] = (struct pollfd){.fd = pair[k]->fd, .events = POLLIN};
        }
      }
    }
    if (poll(fds, n, closing ? close_wait_ms() : -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      fprintf(stderr, "commandeer-spawn: poll: %s\n", strerror(errno));
      die_quietly(2);
    }
    /* Output first, then exits, then requests: only requests and reaping free runs. */
    for (size_t i = 2; i < n; i++) {
      if (fds[i].revents != 0) {
        read_stream(owners[i], streams[i]);
      }
    }
    if (fds[0].revents != 0) {
      reap();
    }
    if (fds[1].revents != 0) {
      read_requests();
    }
    flush();
  }
}
