// Settings the use cases need, filled by each composition root (local: flags and defaults; AWS: environment;
// both: the company settings file, company/company-settings.ts).
import type { CompanySettings } from './company/company';

export interface PresenceConfig {
  /** Base URL of the approval site, used in mailed links: http://localhost:8787 locally, the Function URL in AWS. */
  publicBaseUrl: string;
  /** The verified sender address; mails go out with the rep's name as display name and the rep as Reply-To. */
  senderAddress: string;
  /** Send From the rep's own address (only when each rep's address is a verified SES identity). */
  sendAsRepAddress: boolean;
  /** Base URL of the unsubscribe endpoint (`<base>/u/<token>`); publicBaseUrl when absent (local: the approval site). */
  unsubscribeBaseUrl?: string;
  /** SES configuration set that routes bounce and complaint events. */
  configurationSet?: string;
  /** Sends per second when the mailer cannot tell (local); in AWS the account's quota is read from SES. */
  maxSendRate: number;
  /** Lifetime of approval links in hours when the campaign does not set one. */
  linkTtlHours: number;
  /** ISO country of the sender: letters to other countries need a country line. */
  homeCountry: string;
  /**
   * The company's particulars from settings/company.yaml: the legal footer of letters (mails get theirs when they
   * are drafted, core/render/mail-footer.ts).
   */
  company?: CompanySettings;
  /**
   * The return-address line printed small at the top of a letter's window ("Firma · Straße 1 · 10115 Berlin"),
   * so undeliverable letters come back: returnAddressOf(company). The letter export refuses without it.
   */
  letterReturnAddress?: string;
  /**
   * The domain SES receives mail on (`in.example.com`; locally the SMTP receiver's). With it each sent update gets a
   * signed Reply-To there and each rep a logging address (docs/inbound.md); without it replies go to the rep.
   */
  receivingDomain?: string;
  /** How long an automatic absence reply without a return date snoozes the contact, in days. */
  awayDefaultDays: number;
  /**
   * How long an approved mail waits before it may be sent, in seconds: within it the rep can take the approval back
   * (core/approval/take-back-approval.ts). The sender leaves a draft alone until its approval is this old.
   */
  approvalGraceSeconds: number;
}

export const defaultConfig: PresenceConfig = {
  publicBaseUrl: 'http://localhost:8787',
  senderAddress: 'updates@presence.example',
  sendAsRepAddress: false,
  maxSendRate: 14,
  linkTtlHours: 72,
  homeCountry: 'DE',
  awayDefaultDays: 7,
  approvalGraceSeconds: 120,
};
