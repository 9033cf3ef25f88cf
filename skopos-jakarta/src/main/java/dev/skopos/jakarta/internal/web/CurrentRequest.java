package dev.skopos.jakarta.internal.web;

import dev.skopos.jakarta.RequestInfo;
import jakarta.enterprise.context.RequestScoped;

import java.util.Optional;

/** The request being served, as {@link RequestCaptureFilter} captured it for this request's tracker calls. */
@RequestScoped
public class CurrentRequest {
    private RequestInfo info;

    void capture(RequestInfo captured) {
        this.info = captured;
    }

    public Optional<RequestInfo> info() {
        return Optional.ofNullable(info);
    }
}
