package fr.maillage.reporting.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Serves the public aggregates the dashboard polls from their last rendered answer while the live
 * projections have not changed: each answer is kept with the {@code LiveProjections.version()} read
 * before it was computed, and served again only while that is still the version, so it is never
 * older than what the projections hold. Only anonymous JSON requests are served from here (an
 * analyst's key or another Accept goes the whole way), only 200 answers are kept, and at most
 * {@value #ENTRIES} of them (query strings vary). An answer kept for an older version can never be
 * served again, so those are what make room. The map takes no lock a reader waits on: under a
 * saturated CPU a thread preempted while holding one made every other query wait for it.
 *
 * <p>Under ingest the version moves with every consumer batch, so most requests find no answer of
 * theirs. One request per query renders it (single flight); the requests that arrive meanwhile
 * wait for that answer, which was computed from a version at least as new as the one they saw,
 * instead of each rendering the same answer on cores the ingest already fills. A waiting request
 * that gets no answer (the render failed or was not a 200) renders its own; it waits as long as the
 * render takes (up to {@link #FOLLOWER_WAIT}), since rendering again after giving up would only
 * answer later and add the work single flight saves.
 */
final class PublicAnswerCache extends OncePerRequestFilter {

    static final int ENTRIES = 256;
    /** How long a request waits for the same query's render before rendering its own (a render stuck that long is broken). */
    static final Duration FOLLOWER_WAIT = Duration.ofSeconds(30);
    private static final Set<String> PATHS = Set.of("/api/v1/overview", "/api/v1/activity",
            "/api/v1/monthly-indicators", "/api/v1/premises-summary", "/api/v1/funds-summary", "/api/v1/fabriques",
            "/api/v1/facilitators-summary");

    private record Answer(long version, String contentType, byte[] body) {
    }

    /** A render under way: the version it was started at, and its answer (null: none to share). */
    private record Render(long version, CompletableFuture<Answer> answer) {
    }

    private final LongSupplier version;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Render> renders = new ConcurrentHashMap<>();

    /** {@code version}: {@code LiveProjections.version()} of the projections the answers come from. */
    PublicAnswerCache(LongSupplier version) {
        this.version = version;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return !"GET".equals(request.getMethod()) || !PATHS.contains(request.getRequestURI())
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || !(accept == null || accept.equals("*/*") || accept.equals("application/json"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getQueryString() == null ? request.getRequestURI()
                : request.getRequestURI() + "?" + request.getQueryString();
        long version = this.version.getAsLong();
        Answer kept = answers.get(key);
        if (kept != null && kept.version() == version) {
            serve(kept, response);
            return;
        }
        Render mine = new Render(version, new CompletableFuture<>());
        Render leading = renders.merge(key, mine, (running, started) -> running.version() >= started.version() ? running : started);
        if (leading != mine) {
            Answer shared = awaitQuietly(leading.answer());
            if (shared != null) {
                serve(shared, response);
                return;
            }
        }
        try {
            Answer answer = null;
            ContentCachingResponseWrapper rendered = new ContentCachingResponseWrapper(response);
            chain.doFilter(request, rendered);
            if (rendered.getStatus() == HttpStatus.OK.value() && rendered.getContentType() != null) {
                answer = new Answer(version, rendered.getContentType(), rendered.getContentAsByteArray());
                keep(key, answer);
            }
            finish(key, mine, answer); // before the body is sent: a slow client must not hold the others
            rendered.copyBodyToResponse();
        } finally {
            finish(key, mine, null); // a render that failed shares nothing; once finished, this changes nothing
        }
    }

    private void finish(String key, Render render, Answer answer) {
        render.answer().complete(answer);
        renders.remove(key, render);
    }

    private static Answer awaitQuietly(CompletableFuture<Answer> answer) throws IOException {
        try {
            return answer.get(FOLLOWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the same query's answer");
        }
    }

    private static void serve(Answer answer, HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(answer.contentType());
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }

    private void keep(String key, Answer answer) {
        // two requests rendering at once: the answer of the later version stays
        answers.merge(key, answer, (kept, rendered) -> rendered.version() >= kept.version() ? rendered : kept);
        if (answers.size() > ENTRIES) {
            answers.values().removeIf(kept -> kept.version() < answer.version());
            if (answers.size() > ENTRIES) { // as many distinct queries of one version: this one is not kept
                answers.remove(key, answer);
            }
        }
    }

    int size() {
        return answers.size();
    }
}
