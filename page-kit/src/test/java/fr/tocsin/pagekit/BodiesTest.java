package fr.tocsin.pagekit;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class BodiesTest {

    @Test
    void gzipTakenUnlessRefusedWithQZero() {
        assertThat(Bodies.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(Bodies.acceptsGzip("br;q=1.0, gzip;q=0.8")).isTrue();
        assertThat(Bodies.acceptsGzip("GZIP")).isTrue();
        assertThat(Bodies.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(Bodies.acceptsGzip("gzip; q=0.000, identity")).isFalse();
        assertThat(Bodies.acceptsGzip("identity, gzip;q=0.001")).isTrue();
        assertThat(Bodies.acceptsGzip("identity")).isFalse();
        assertThat(Bodies.acceptsGzip(null)).isFalse();
    }

    @Test
    void anEtagNamesTheBytesAndMatchesStrongWeakOrAny() throws IOException {
        byte[] body = "body { color: #000091 }".getBytes(StandardCharsets.UTF_8);
        String etag = Bodies.etag(body);
        assertThat(etag).isEqualTo(Bodies.etag(body.clone())).isNotEqualTo(Bodies.etag("other".getBytes(StandardCharsets.UTF_8)))
                .startsWith("\"").endsWith("\"");
        assertThat(Bodies.matches(etag, etag)).isTrue();
        assertThat(Bodies.matches("\"x\", W/" + etag, etag)).isTrue();
        assertThat(Bodies.matches("*", etag)).isTrue();
        assertThat(Bodies.matches("\"x\"", etag)).isFalse();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Bodies.gzip(body)))) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
    }
}
