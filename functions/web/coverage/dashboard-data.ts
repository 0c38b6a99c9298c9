// What the server embeds in the dashboard page for the charts (a JSON data block, id "report-data").
// Shared by the page renderer (dashboard-page.ts) and the browser code (web/dashboard/client.ts).
export interface DashboardData {
  reps: Array<{ label: string; share: number; covered: number; contacts: number }>;
  weeks: string[];
  series: Array<{ label: string; color: string; values: number[]; dashed?: boolean }>;
}

/** Share thresholds of the bar colours: below LOW red, below HIGH amber, else green (the same as the meters). */
export const LOW_SHARE = 0.5;
export const HIGH_SHARE = 0.8;
