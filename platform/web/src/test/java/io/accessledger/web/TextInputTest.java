package io.accessledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text that PostgreSQL cannot store, or that is not Unicode, is the client's mistake: refused while the body is read
 * ({@link TextInput}), or answered 400 when the database is the first to notice ({@link ProblemHandler}).
 */
class TextInputTest {
    record Body(String justification) {
    }

    private final JsonMapper json = JsonMapper.builder().addModule(TextInput.module()).build();

    @Test
    void aNulOrAnUnpairedSurrogateIsRefusedWhileReadingAndOtherTextIsKept() {
        assertThatThrownBy(() -> json.readValue("{\"justification\":\"a\\u0000b\"}", Body.class))
                .isInstanceOf(DatabindException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> json.readValue("{\"justification\":\"a\\ud800b\"}", Body.class))
                .isInstanceOf(DatabindException.class).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> json.readValue("{\"justification\":\"\\udc00\"}", Body.class))
                .isInstanceOf(DatabindException.class);
        String kept = "\u202eRTL \ud83d\udc68\u200d\ud83d\udc69 e\u0301 '; DROP TABLE x; --";
        assertThat(json.readValue(json.writeValueAsString(new Body(kept)), Body.class).justification())
                .isEqualTo(kept);
    }

    @Test
    void aValueTheDatabaseRefusesAsDataIs400AndAnyOtherDatabaseFailure500() {
        ProblemHandler handler = new ProblemHandler();
        assertThat(handler.data(new DataIntegrityViolationException("insert", new SQLException(
                "value too long for type character varying(40)", "22001"))).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(handler.data(new DataIntegrityViolationException("insert", new SQLException(
                "duplicate key", "23505"))).getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }
}
