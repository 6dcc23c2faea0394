package fr.tocsin.broadcast.networks;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The Telegram Bot API: https://core.telegram.org/bots/api#sendmessage */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface TelegramBotApi {

    /** Body: {@code chat_id}, {@code text}, {@code reply_parameters.message_id}; answers {@code ok} and {@code result}. */
    @POST
    @Path("/bot{token}/sendMessage")
    Response sendMessage(@PathParam("token") String token, JsonNode message);
}
