package dev.skopos.jakarta.pocketbase;

import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns every PocketBase error status the Rest Client receives into a {@link PocketBaseException}. */
public final class PocketBaseErrorMapper implements ResponseExceptionMapper<PocketBaseException> {

    @Override
    public PocketBaseException toThrowable(Response response) {
        return ErrorAnswers.toException(response.getStatus(),
                response.hasEntity() ? response.readEntity(String.class) : "");
    }
}
