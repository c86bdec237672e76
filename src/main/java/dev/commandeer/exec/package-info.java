/**
 * Running external programs safely: {@link dev.commandeer.exec.ArgvTemplate} turns a {@code run:}
 * template and argument values into an argv, {@link dev.commandeer.exec.ChildEnvironment} builds
 * the program's whole environment, {@link dev.commandeer.exec.RunLimiter} decides whether a run may
 * start now, wait or is refused, and {@link dev.commandeer.exec.ProcessRunner} starts it with a
 * deadline, capped output and whole-tree kill, through {@code commandeer-spawn} (the native
 * launcher in {@code src/main/c}) or the JDK.
 *
 * <p>This package never uses a shell, never passes the service's own environment on, never blocks
 * an event loop, and knows nothing of Mattermost, replies or storage: it returns results and leaves
 * their presentation to its callers.
 */
package dev.commandeer.exec;
