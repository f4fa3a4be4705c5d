package io.inboxsync;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test whose time goes on waiting for inbox-sync in child processes (their start, Wix's
 * pace) rather than on the processor: it runs on a second thread beside the rest of the
 * suite, one such test at a time, so the suite takes about the longer of the two rather
 * than their sum. Such a test shares nothing with the suite's running inbox-sync: its
 * instances and its Wix sandbox are processes of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("inbox-sync-child-processes")
@interface RunsBesideTheSuite {

}
