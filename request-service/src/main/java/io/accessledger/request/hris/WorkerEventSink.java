package io.accessledger.request.hris;

/** Where worker events become identity events; returns whether the directory changed. */
public interface WorkerEventSink {
    boolean record(WorkerEvent event, String source);
}
