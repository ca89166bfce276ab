package fr.maillage.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses bodies over the limit with 413, whether announced by Content-Length or streamed; and JSON
 * bodies that are not UTF-8 with 400, at the first byte that breaks it ({@link Utf8Check}).
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    public BodySizeLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(response);
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, maxBytes), response);
        } catch (BodyTooLargeException | ServletException e) {
            if (!(e instanceof BodyTooLargeException) && !(e.getCause() instanceof BodyTooLargeException)) {
                throw e;
            }
            if (!response.isCommitted()) {
                response.reset();
                tooLarge(response);
            }
        }
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        Problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large", tooLargeDetail(maxBytes));
    }

    /** Also what the problem handler says when a streamed body went past the limit while it was read. */
    static String tooLargeDetail(long maxBytes) {
        return "The body must not exceed " + maxBytes + " bytes (1 MiB); send smaller batches.";
    }

    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body too large");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), maxBytes, json(getContentType()) ? new Utf8Check() : null);
            }
            return stream;
        }

        /** JSON is UTF-8 (RFC 8259); other bodies (the CGET import's CSV) are decoded by their reader. */
        private static boolean json(String contentType) {
            if (contentType == null) {
                return false;
            }
            String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
            return type.equals("application/json") || type.endsWith("+json");
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private final Utf8Check utf8; // null: not checked
        private long read;

        LimitedStream(ServletInputStream in, long maxBytes, Utf8Check utf8) {
            this.in = in;
            this.maxBytes = maxBytes;
            this.utf8 = utf8;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
                if (utf8 != null) {
                    utf8.accept(b);
                }
            } else if (utf8 != null) {
                utf8.end();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
                if (utf8 != null) {
                    utf8.accept(buffer, offset, n);
                }
            } else if (n < 0 && utf8 != null) {
                utf8.end();
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
