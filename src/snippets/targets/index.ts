import type { SnippetTarget } from '../target';
import { curl } from './curl';
import { django } from './django';
import { dotnetMailkit } from './dotnet-mailkit';
import { flaskMail } from './flask-mail';
import { go } from './go';
import { jakartaMail } from './jakarta-mail';
import { laravel } from './laravel';
import { msmtp } from './msmtp';
import { nodemailer } from './nodemailer';
import { phoenixSwoosh } from './phoenix-swoosh';
import { phpmailer } from './phpmailer';
import { postfix } from './postfix';
import { pythonSmtplib } from './python-smtplib';
import { rails } from './rails';
import { rubyMail } from './ruby-mail';
import { rustLettre } from './rust-lettre';
import { springBoot } from './spring-boot';
import { swaks } from './swaks';
import { symfony } from './symfony';
import { wordpress } from './wordpress';

/** Every target, in the order the framework picker lists them. */
export const TARGETS: readonly SnippetTarget[] = [
  nodemailer,
  rails,
  django,
  laravel,
  symfony,
  phpmailer,
  springBoot,
  pythonSmtplib,
  dotnetMailkit,
  go,
  phoenixSwoosh,
  jakartaMail,
  rustLettre,
  rubyMail,
  wordpress,
  postfix,
  msmtp,
  swaks,
  curl,
  flaskMail,
];

export function findTarget(id: string): SnippetTarget | undefined {
  return TARGETS.find((t) => t.id === id);
}

export {
  curl,
  django,
  dotnetMailkit,
  flaskMail,
  go,
  jakartaMail,
  laravel,
  msmtp,
  nodemailer,
  phoenixSwoosh,
  phpmailer,
  postfix,
  pythonSmtplib,
  rails,
  rubyMail,
  rustLettre,
  springBoot,
  swaks,
  symfony,
  wordpress,
};
