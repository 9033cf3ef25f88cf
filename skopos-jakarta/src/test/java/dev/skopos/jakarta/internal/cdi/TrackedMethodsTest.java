package dev.skopos.jakarta.internal.cdi;

import dev.skopos.jakarta.TrackEvent;
import jakarta.enterprise.inject.Stereotype;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;

import static org.assertj.core.api.Assertions.assertThat;

/** The event name found for each way {@link TrackEvent} can be declared, as containers call the methods. */
class TrackedMethodsTest {

    @Stereotype
    @TrackEvent("report_run")
    @Retention(RetentionPolicy.RUNTIME)
    @interface TrackedReport {
    }

    static class Base {
        public void inherited() {
        }
    }

    @TrackEvent("order_placed")
    static class Orders extends Base {
        public void place() {
        }

        @TrackEvent("order_cancelled")
        public void cancel() {
        }
    }

    /** What a container's interception subclass looks like: unannotated, extending the bean. */
    static class OrdersProxy extends Orders {
    }

    @TrackEvent("newsletter_sent")
    abstract static class Newsletter {
        public void send() {
        }
    }

    /** A bean that declares nothing itself: the annotation of its superclass is inherited. */
    static class WeeklyNewsletter extends Newsletter {
    }

    @TrackEvent("digest_sent")
    static class DailyDigest extends Newsletter {
    }

    @TrackedReport
    static class Reports {
        public void run() {
        }
    }

    private static Method method(Class<?> type, String name) throws NoSuchMethodException {
        return type.getMethod(name);
    }

    @Test
    void methodAnnotationWinsOverTheClass() throws Exception {
        assertThat(TrackedMethods.eventName(method(Orders.class, "cancel"), OrdersProxy.class))
                .contains("order_cancelled");
    }

    @Test
    void classLevelAnnotationAppliesThroughTheContainersSubclass() throws Exception {
        assertThat(TrackedMethods.eventName(method(Orders.class, "place"), OrdersProxy.class)).contains("order_placed");
    }

    @Test
    void inheritedMethodTakesTheNameOfTheBeanItIsCalledOn() throws Exception {
        assertThat(TrackedMethods.eventName(method(Orders.class, "inherited"), OrdersProxy.class))
                .contains("order_placed");
    }

    @Test
    void annotationOnASuperclassAppliesToTheBeansThatExtendIt() throws Exception {
        assertThat(TrackedMethods.eventName(method(Newsletter.class, "send"), WeeklyNewsletter.class))
                .contains("newsletter_sent");
    }

    @Test
    void subclassAnnotationWinsOverTheInheritedOne() throws Exception {
        assertThat(TrackedMethods.eventName(method(Newsletter.class, "send"), DailyDigest.class))
                .contains("digest_sent");
    }

    @Test
    void stereotypeCarriesTheName() throws Exception {
        assertThat(TrackedMethods.eventName(method(Reports.class, "run"), Reports.class)).contains("report_run");
    }

    @Test
    void unannotatedMethodHasNoName() throws Exception {
        assertThat(TrackedMethods.eventName(method(Base.class, "inherited"), Base.class)).isEmpty();
    }
}
