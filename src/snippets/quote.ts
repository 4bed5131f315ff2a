// String literals for each language family a snippet is written in. Inputs have had
// control characters removed already (see resolveInputs), so only the quote character,
// the escape character and interpolation markers need care.

/** 'text' for JS, Python, Ruby and PHP: backslash and single quote are escaped. */
export function singleQuoted(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** "text" for Java, C#, Go, Rust: backslash and double quote are escaped. */
export function doubleQuoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** "text" for Elixir, where #{…} would interpolate, so # is escaped too. */
export function elixirString(value: string): string {
  return doubleQuoted(value).replace(/#/g, '\\#');
}

/** "text" for a .env file read by phpdotenv (Laravel), where ${…} would interpolate. */
export function dotenvValue(value: string): string {
  return doubleQuoted(value).replace(/\$/g, '\\$');
}

/** 'text' for POSIX shells: nothing is special inside, a ' is closed, escaped, reopened. */
export function shellQuoted(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** 'text' for YAML: the only escape is a doubled single quote. */
export function yamlQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A .properties value: backslash is the escape character; a leading space would be eaten. */
export function propertiesValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/^ /, '\\ ');
}

/** msmtp strips one pair of enclosing double quotes and has no escapes: inner quotes are literal. */
export function msmtpQuoted(value: string): string {
  return `"${value}"`;
}
