import HabeasCore
