[assembly: BpfSharp.BpfLicense("Dual BSD/GPL")]
