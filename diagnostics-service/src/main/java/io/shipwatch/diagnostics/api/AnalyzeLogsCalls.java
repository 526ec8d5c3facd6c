package io.shipwatch.diagnostics.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.shipwatch.diagnostics.domain.Analysis;
import io.shipwatch.diagnostics.domain.Depth;
import io.shipwatch.diagnostics.domain.Evidence;
import io.shipwatch.diagnostics.domain.Finding;
import io.shipwatch.diagnostics.domain.PatternLibrary;
import io.shipwatch.diagnostics.domain.ResultCache;
import io.shipwatch.diagnostics.domain.SessionResult;
import io.shipwatch.diagnostics.v1.AnalyzeLogsRequest;
import io.shipwatch.diagnostics.v1.AnalyzeLogsResponse;
import io.shipwatch.diagnostics.v1.DiagnosticReport;
import io.shipwatch.diagnostics.v1.ReportSource;
import io.shipwatch.platform.auth.Principal;
import io.shipwatch.platform.errors.Violations;
import io.shipwatch.platform.grpc.StreamSender;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One AnalyzeLogs stream. Inbound flow control is manual: the next batch is requested only
 * after the previous one was analysed, so a fast client is held back by the analysis instead of
 * queueing batches in memory. Findings are sent the moment a line makes them confident; after
 * the client half-closes, the report (stored, and cached by evidence fingerprint) ends the stream.
 */
@Singleton
public class AnalyzeLogsCalls {
    static final int MAX_LINES_PER_MESSAGE = 10_000;
    static final int MAX_SOURCE = 200;
    static final int MAX_SOURCES = 1_000;
    private static final Object END = new Object();
    private static final Object CLIENT_ERROR = new Object();

    private final SessionWorkers workers;
    private final PatternLibrary library;
    private final ResultCache cache;
    private final Reports reports;

    public AnalyzeLogsCalls(SessionWorkers workers, PatternLibrary library, ResultCache cache, Reports reports) {
        this.workers = workers;
        this.library = library;
        this.cache = cache;
        this.reports = reports;
    }

    StreamObserver<AnalyzeLogsRequest> start(ServerCallStreamObserver<AnalyzeLogsResponse> observer) {
        String subject = Principal.current().subject();
        Instant startedAt = reports.now();
        observer.disableAutoRequest();
        StreamSender<AnalyzeLogsResponse> sender = new StreamSender<>(observer);
        // At most one requested batch, the end and an error are ever queued.
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        workers.start(sender, () -> {
            Analysis analysis = new Analysis(library);
            Map<String, Long> lineNumbers = new HashMap<>();
            observer.request(1);
            while (true) {
                Object next = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (!sender.isOpen() || next == CLIENT_ERROR) {
                    return;
                }
                if (next == END) {
                    break;
                }
                if (next instanceof AnalyzeLogsRequest batch) {
                    analyse(batch, analysis, lineNumbers, sender);
                    observer.request(1);
                }
            }
            String fingerprint = analysis.fingerprint();
            List<Finding> cached = cache.get(fingerprint).orElse(null);
            List<Finding> ranked = cached != null ? cached : analysis.rank();
            if (cached == null) {
                cache.put(fingerprint, ranked);
            }
            SessionResult result = new SessionResult(ranked, List.of(), analysis.evidenceCount(), fingerprint, cached != null);
            DiagnosticReport report = reports.finish(new Reports.Subject(null, "", "", null, Depth.BASIC,
                    ReportSource.REPORT_SOURCE_ANALYZE_LOGS, subject, startedAt), result);
            sender.send(AnalyzeLogsResponse.newBuilder().setReport(report).build());
            sender.complete();
        });
        return new StreamObserver<>() {
            @Override
            public void onNext(AnalyzeLogsRequest value) {
                inbox.add(value);
            }

            @Override
            public void onError(Throwable t) {
                inbox.add(CLIENT_ERROR);
            }

            @Override
            public void onCompleted() {
                inbox.add(END);
            }
        };
    }

    private static void analyse(AnalyzeLogsRequest batch, Analysis analysis, Map<String, Long> lineNumbers,
                                StreamSender<AnalyzeLogsResponse> sender) throws InterruptedException {
        Violations v = new Violations();
        v.check(batch.getLinesCount() <= MAX_LINES_PER_MESSAGE, "lines",
                "at most " + MAX_LINES_PER_MESSAGE + " lines per message (got " + batch.getLinesCount() + ")");
        v.maxLength(batch.getSource(), MAX_SOURCE, "source");
        v.check(lineNumbers.size() < MAX_SOURCES || lineNumbers.containsKey(batch.getSource()), "source",
                "at most " + MAX_SOURCES + " distinct sources per stream");
        v.throwIfAny();
        long n = lineNumbers.getOrDefault(batch.getSource(), 0L);
        for (String line : batch.getLinesList()) {
            for (Finding f : analysis.accept(Evidence.logLine("client", batch.getSource(), ++n, line))) {
                sender.send(AnalyzeLogsResponse.newBuilder().setFinding(ProtoMapper.toProto(f)).build());
            }
        }
        lineNumbers.put(batch.getSource(), n);
    }
}
