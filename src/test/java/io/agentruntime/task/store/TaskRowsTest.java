package io.agentruntime.task.store;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plain-SQL insert of a task and the entity describe the same row: a column added to one and not the other
 * would be silently dropped by the task path's insert (or fail only there).
 */
class TaskRowsTest {

    @Test
    void theInsertNamesEveryColumnOfTheEntityOnce() {
        List<String> entityColumns = Arrays.stream(TaskEntity.class.getFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(TaskRowsTest::column)
                .sorted()
                .toList();
        String list = TaskRows.INSERT.substring(TaskRows.INSERT.indexOf('(') + 1, TaskRows.INSERT.indexOf(')'));
        List<String> insertColumns = Pattern.compile(",")
                .splitAsStream(list)
                .map(String::strip)
                .sorted()
                .toList();
        assertThat(insertColumns).doesNotHaveDuplicates().isEqualTo(entityColumns);
        long placeholders = TaskRows.INSERT.chars().filter(c -> c == '?').count();
        assertThat(placeholders).as("one parameter per column").isEqualTo(insertColumns.size());
    }

    private static String column(Field f) {
        if (f.isAnnotationPresent(Id.class) && !f.isAnnotationPresent(Column.class)) {
            return f.getName();
        }
        return f.getAnnotation(Column.class).name();
    }
}
