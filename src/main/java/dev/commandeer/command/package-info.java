/**
 * From text to command, and running it: splits what somebody typed into words like a shell (without
 * ever expanding anything), finds the command through prefixes and groups, checks who may run it,
 * binds its typed arguments, writes help, and then runs it.
 *
 * <p>{@link dev.commandeer.command.Dispatcher} is the face: it resolves an {@link
 * dev.commandeer.chat.Invocation} through {@link dev.commandeer.command.CommandCatalog}, lets
 * {@code RunGate} de-duplicate, rate-limit and record the run in the store, answers built-ins
 * itself and hands programs to {@link dev.commandeer.command.ProgramCommands}. This package knows
 * no wire format; starting processes belongs to {@code exec}, delivering answers to {@code reply},
 * keeping state to {@code store}.
 */
package dev.commandeer.command;
