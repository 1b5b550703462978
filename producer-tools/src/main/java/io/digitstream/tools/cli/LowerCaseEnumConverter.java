package io.digitstream.tools.cli;

import io.digitstream.tools.publish.LabelMode;
import io.digitstream.tools.watch.AfterSend;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Accepts enum options in lower case, as the usage text writes them ({@code --labels separate}), whatever the
 * parser settings of the top-level command these commands are mounted in.
 */
abstract class LowerCaseEnumConverter<E extends Enum<E>> implements ITypeConverter<E> {

    private final Class<E> type;

    LowerCaseEnumConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public E convert(String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not one of " + names());
        }
    }

    private String names() {
        return Stream.of(type.getEnumConstants())
                .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    static final class LabelModes extends LowerCaseEnumConverter<LabelMode> {
        LabelModes() {
            super(LabelMode.class);
        }
    }

    static final class Splits extends LowerCaseEnumConverter<MnistSplit> {
        Splits() {
            super(MnistSplit.class);
        }
    }

    static final class AfterSends extends LowerCaseEnumConverter<AfterSend> {
        AfterSends() {
            super(AfterSend.class);
        }
    }
}
