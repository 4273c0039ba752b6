import Crypto

extension MasterKey {
    /// The master key as HKDF input for backups (`Backup.deriveKey` in HabeasStore derives one key
    /// per backup from it and a random salt). Never used to encrypt anything itself.
    public var backupKeyMaterial: SymmetricKey { key }
}
