package dev.skopos.it;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Shop actions served by {@link OrderService}, an enterprise bean. */
@Path("orders")
@RequestScoped
public class OrdersResource {

    @Inject
    OrderService orders;

    @POST
    public void place(@QueryParam("items") int items) {
        orders.place(items);
    }

    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") String orderId) {
        try {
            orders.cancel(orderId);
            return Response.noContent().build();
        } catch (UnknownOrderException e) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
    }

    @POST
    @Path("confirmation")
    public void sendConfirmation() {
        orders.sendConfirmation();
    }
}
