package io.digitstream.cli;

import io.digitstream.config.ConfigKey;
import io.digitstream.config.DigitsKeys;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of options that stand for a {@code digits.*} key, named by their {@code descriptionKey}: the key's declared
 * default, so that e.g. {@code bench e2e --batch} measures what {@code serve} runs unless told otherwise. Not for
 * {@code serve}, whose flags must stay unset when not given, below the environment and the {@code --config} file.
 */
public final class KeyDefaults implements IDefaultValueProvider {

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option && option.descriptionKey() != null) {
            return DigitsKeys.named(option.descriptionKey()).filter(ConfigKey::hasFixedDefault)
                    .map(ConfigKey::defaultText).orElse(null);
        }
        return null;
    }
}
