package dev.commandeer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.List;

/**
 * The JVM's own metrics (memory, garbage collection, threads, classes, compilation, CPU, uptime):
 * the set Vert.x binds when asked to, bound here instead so that it can happen off the start-up
 * path. Binding them loads the JDK's management classes, a sixth of a plain start; {@link
 * Commandeer} binds them on a worker thread while the server starts.
 */
final class JvmMetrics {

  private JvmGcMetrics gc;
  private JvmHeapPressureMetrics heapPressure;
  private boolean closed;

  /** Binds every one to {@code registry}, once; nothing once closed. */
  synchronized void bindTo(MeterRegistry registry) {
    if (gc != null) {
      throw new IllegalStateException("the JVM metrics are bound already");
    }
    if (closed) {
      return;
    }
    gc = new JvmGcMetrics();
    heapPressure = new JvmHeapPressureMetrics();
    List<MeterBinder> binders =
        List.of(
            new ClassLoaderMetrics(),
            new JvmCompilationMetrics(),
            gc,
            heapPressure,
            new JvmInfoMetrics(),
            new JvmMemoryMetrics(),
            new JvmThreadMetrics(),
            new ProcessorMetrics(),
            new UptimeMetrics());
    binders.forEach(binder -> binder.bindTo(registry));
  }

  /** Stops the two that listen to the JVM's garbage collection notifications. */
  synchronized void close() {
    closed = true;
    if (gc != null) {
      gc.close();
      heapPressure.close();
    }
  }
}
