<?php
// Runs the Symfony Mailer snippet as rendered, with Debian's Symfony 5.4 components, from
// the snippet's directory: the DSN goes through Transport::fromDsn(), then the controller
// excerpt builds the Email, adds the MailPace headers and sends it.
// argv[1]: config/packages/mailer.yaml or .env.local; argv[2]: the controller excerpt.
require '/usr/share/php/Symfony/Component/Mailer/autoload.php';
require '/usr/share/php/Symfony/Component/Yaml/autoload.php';
require '/usr/share/php/Symfony/Component/DependencyInjection/autoload.php';
require '/usr/share/php/Symfony/Component/Dotenv/autoload.php';

use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\DependencyInjection\EnvVarProcessorInterface;
use Symfony\Component\DependencyInjection\ServiceLocator;
use Symfony\Component\Dotenv\Dotenv;
use Symfony\Component\Mailer\Mailer;
use Symfony\Component\Mailer\Transport;
use Symfony\Component\Yaml\Yaml;

/** Symfony 7.1's urlencode env processor (rawurlencode), which 5.4 does not have. */
final class UrlencodeEnvVarProcessor implements EnvVarProcessorInterface
{
    public function getEnv(string $prefix, string $name, \Closure $getEnv): string
    {
        return rawurlencode($getEnv($name));
    }

    public static function getProvidedTypes(): array
    {
        return ['urlencode' => 'string'];
    }
}

[, $configFile, $excerptFile] = $argv;
if (str_ends_with($configFile, '.yaml')) {
    // framework.mailer.dsn; the container resolves its %env(...)% as it does in an app.
    $container = new ContainerBuilder();
    $container->set('container.env_var_processors_locator', new ServiceLocator([
        'urlencode' => fn () => new UrlencodeEnvVarProcessor(),
    ]));
    $container->setParameter('mailer_dsn', Yaml::parseFile($configFile)['framework']['mailer']['dsn']);
    $container->compile(true);
    $dsn = $container->getParameter('mailer_dsn');
} else {
    // MAILER_DSN, read the way Symfony's Dotenv component reads .env.local.
    $dsn = (new Dotenv())->parse(file_get_contents($configFile), $configFile)['MAILER_DSN'];
}

// What the framework's mailer service is: a Mailer over the DSN's transport.
$mailer = new Mailer(Transport::fromDsn($dsn));
// The excerpt as rendered (it has no opening tag, so it is evaluated rather than included).
eval(file_get_contents($excerptFile));
