declare module '../../platform/db/database.js' {
  interface Tables {
    users: UsersTable;
    role_settings: RoleSettingsTable;
    sessions: SessionsTable;
    login_challenges: LoginChallengesTable;
    settings: SettingsTable;
  }
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  password_hash: string;
  status: 'active' | 'disabled';
  must_change_password: number;
  totp_secret_enc: string | null;
  totp_enabled: number;
  totp_last_step: number | null;
  failed_logins: number;
  locked_until: number | null;
  last_login_at: number | null;
  /** JSON array of camera groups the user is limited to; null: every camera. */
  camera_groups: string | null;
  password_changed_at: number;
  created_at: number;
  updated_at: number;
}

export interface RoleSettingsTable {
  role: string;
  totp_required: number;
  updated_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginChallengesTable {
  id: string;
  user_id: string;
  attempts: number;
  created_at: number;
  expires_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}
