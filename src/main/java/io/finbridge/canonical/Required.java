package io.finbridge.canonical;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A component every mapping that produces the record must fill: a mapping that does not map it is refused when it is
 * loaded, and an event that leaves it empty is a data-quality exception naming it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Required {
}
