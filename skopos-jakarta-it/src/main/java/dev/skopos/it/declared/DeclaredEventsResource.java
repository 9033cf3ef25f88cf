package dev.skopos.it.declared;

import dev.skopos.jakarta.internal.cdi.TrackEventInterceptor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Calls the beans that declare their events in each way {@code @TrackEvent} allows, and tells what came back. */
@Path("declared")
@RequestScoped
public class DeclaredEventsResource {

    @Inject
    ReceiptService receipts;

    @Inject
    InvoiceService invoices;

    @Inject
    WeeklyNewsletter newsletter;

    @Inject
    CsvReportExporter exporter;

    /**
     * Issues a receipt, whose event cannot be recorded, in a transaction: answers what the call returned, how
     * the transaction ended and the warnings the tracking interceptor had logged when the commit began.
     */
    @POST
    @Path("receipts")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject issueReceipt(@QueryParam("order") String orderId)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (LoggedWarnings warnings = LoggedWarnings.of(TrackEventInterceptor.class)) {
            TransactionOutcome outcome = new TransactionOutcome(warnings);
            String receipt = receipts.issue(orderId, outcome);
            return Json.createObjectBuilder()
                    .add("returned", receipt)
                    .add("transaction", outcome.await())
                    .add("warningsBeforeCommit", Json.createArrayBuilder(outcome.warningsBeforeCommit()))
                    .build();
        }
    }

    @POST
    @Path("invoices/send")
    public String sendInvoice(@QueryParam("invoice") String invoiceId) {
        return invoices.send(invoiceId);
    }

    @POST
    @Path("invoices/remind")
    public String remind(@QueryParam("customer") String customer) {
        return invoices.remind(customer);
    }

    @POST
    @Path("newsletter")
    public String sendNewsletter(@QueryParam("subscriber") String subscriber) {
        return newsletter.send(subscriber);
    }

    @POST
    @Path("reports/export")
    public String exportReport(@QueryParam("report") String report) {
        return exporter.export(report);
    }
}
