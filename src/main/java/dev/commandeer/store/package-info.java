/**
 * What Commandeer keeps: run history, instance heartbeats and cancel requests, the reply outbox,
 * de-duplication keys, rate windows and the todo lists, behind one {@link
 * dev.commandeer.store.Store} contract with an in-memory and a PostgreSQL implementation. The
 * schema is migrated by Flyway from {@code db/migration} when {@link dev.commandeer.store.PgStore}
 * opens.
 *
 * <p>It owns storage only: it does not decide who may cancel a run, what a reply says, or when to
 * retry a delivery, and it calls nothing above it. It never blocks an event loop: JDBC (Flyway)
 * runs on a worker thread, everything else through the reactive client.
 */
package dev.commandeer.store;
