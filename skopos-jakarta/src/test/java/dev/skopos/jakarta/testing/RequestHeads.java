package dev.skopos.jakarta.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reads an HTTP request's head for test servers, byte by byte, so that nothing after it is taken from the stream. */
public final class RequestHeads {

    private RequestHeads() {
    }

    /** The request line and headers up to and with the blank line; empty when the connection ends first. */
    public static Optional<byte[]> read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int c;
        while (last4 != 0x0d0a0d0a) {
            if ((c = in.read()) < 0) {
                return Optional.empty();
            }
            head.write(c);
            last4 = (last4 << 8) | c;
        }
        return Optional.of(head.toByteArray());
    }
}
