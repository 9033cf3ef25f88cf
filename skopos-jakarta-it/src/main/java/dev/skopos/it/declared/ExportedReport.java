package dev.skopos.it.declared;

import dev.skopos.jakarta.TrackEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Stereotype;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A stereotype of the application: application-scoped beans whose every business method records an export. */
@Stereotype
@ApplicationScoped
@TrackEvent("report_exported")
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ExportedReport {
}
