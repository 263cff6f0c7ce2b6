package io.agentruntime.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentruntime.common.problem.Problem;
import io.agentruntime.common.problem.ProblemException;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CursorsTest {

    private static void refused(ThrowingCallable call, String field, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.errors()).containsExactly(new Problem.FieldError(field, message)));
    }

    @Test
    void aCursorGivesBackItsPosition() {
        String cursor = Cursors.encode("a", "backend-web-developer");
        assertThat(cursor).doesNotContain("=", "+", "/");
        assertThat(Cursors.decode("a", cursor)).isEqualTo("backend-web-developer");
        assertThat(Cursors.decode(Cursors.encode("t:42"))).isEqualTo("t:42");
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertThat(Cursors.after("a", null)).isNull();
        assertThat(Cursors.after("a", " ")).isNull();
        assertThat(Cursors.after("a", Cursors.encode("a", "x"))).isEqualTo("x");
    }

    @Test
    void aForeignCursorIsRefused() {
        String issued = "is not a cursor this API issued";
        refused(() -> Cursors.decode("a", Cursors.encode("s", "x")), "cursor", issued);
        refused(() -> Cursors.decode("a", Cursors.encode("a:")), "cursor", issued);
        refused(() -> Cursors.decode("a", Cursors.encode("a:x\u0000")), "cursor", issued);
        refused(() -> Cursors.decode("a", "not base64!"), "cursor", issued);
        refused(() -> Cursors.after("a", "%%%"), "cursor", issued);
    }

    @Test
    void theLimitDefaultsAndStaysInRange() {
        assertThat(Cursors.limit((String) null)).isEqualTo(Page.DEFAULT_LIMIT);
        assertThat(Cursors.limit(" ")).isEqualTo(Page.DEFAULT_LIMIT);
        assertThat(Cursors.limit((Integer) null)).isEqualTo(Page.DEFAULT_LIMIT);
        assertThat(Cursors.limit(" 7 ")).isEqualTo(7);
        assertThat(Cursors.limit(Page.MAX_LIMIT)).isEqualTo(Page.MAX_LIMIT);
        String message = "must be a whole number between 1 and " + Page.MAX_LIMIT;
        for (String bad : new String[] {"0", "101", "-3", "many", "1.5"}) {
            refused(() -> Cursors.limit(bad), "limit", message);
        }
        refused(() -> Cursors.limit(0), "limit", message);
    }

    @Test
    void aUuidMustBeCanonical() {
        UUID id = UUID.randomUUID();
        assertThat(Cursors.uuid("id", id.toString())).isEqualTo(id);
        for (String bad :
                new String[] {null, "42", "1-1-1-1-1", id + "0", id.toString().replace('-', 'x')}) {
            refused(() -> Cursors.uuid("id", bad), "id", "is not a UUID");
        }
    }
}
