package dev.skopos.it;

import dev.skopos.jakarta.SkoposTracker;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/** A plain servlet, outside JAX-RS, that records a server event for the visitor it serves. */
@WebServlet("/download")
public class DownloadServlet extends HttpServlet {

    @Inject
    SkoposTracker tracker;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        tracker.trackServerEvent("file_downloaded", Map.of("file", "report.pdf"));
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
