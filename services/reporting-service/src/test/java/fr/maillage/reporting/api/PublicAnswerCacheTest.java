package fr.maillage.reporting.api;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PublicAnswerCacheTest {

    private final AtomicLong version = new AtomicLong(1);
    private final AtomicInteger rendered = new AtomicInteger();
    private final PublicAnswerCache cache = new PublicAnswerCache(version::get);

    /** The controllers behind the cache: each rendering says which one it was. */
    private final FilterChain controllers = (request, response) -> {
        int n = rendered.incrementAndGet();
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"rendering\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    };

    private String get(String query) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/overview");
        request.setQueryString(query);
        MockHttpServletResponse response = new MockHttpServletResponse();
        cache.doFilter(request, response, controllers);
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString();
    }

    @Test
    void anAnswerIsServedAgainOnlyWhileTheProjectionsKeepTheirVersion() throws Exception {
        String first = get("region=52");
        assertThat(get("region=52")).isEqualTo(first);
        assertThat(rendered).hasValue(1);

        version.incrementAndGet();

        assertThat(get("region=52")).isNotEqualTo(first);
        assertThat(rendered).hasValue(2);
    }

    @Test
    void answersOfOlderVersionsMakeRoomAndNoMoreThanTheBoundAreKept() throws Exception {
        for (int i = 0; i < PublicAnswerCache.ENTRIES; i++) {
            get("departement=" + i);
        }
        assertThat(cache.size()).isEqualTo(PublicAnswerCache.ENTRIES);

        get("departement=one-too-many");
        assertThat(cache.size()).as("as many distinct queries of one version: the last is not kept")
                .isEqualTo(PublicAnswerCache.ENTRIES);

        version.incrementAndGet();
        get("region=52");
        assertThat(cache.size()).as("the answers of the older version are gone").isEqualTo(1);

        int before = rendered.get();
        get("region=52");
        assertThat(rendered).as("what the newer version keeps is still served").hasValue(before);
    }
}
