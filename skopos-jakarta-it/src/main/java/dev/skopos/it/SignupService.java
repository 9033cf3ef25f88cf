package dev.skopos.it;

import dev.skopos.jakarta.TrackEvent;
import jakarta.enterprise.context.ApplicationScoped;

/** A business bean whose sign-up is tracked declaratively. */
@ApplicationScoped
public class SignupService {

    @TrackEvent("user_signup")
    public String signUp(String email) {
        return "welcome " + email;
    }
}
